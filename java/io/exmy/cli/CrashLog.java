package io.exmy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where the stack trace of an internal error goes: a file in the temporary directory (never
 * beside the user's files), so that the terminal gets one line and a bug report gets the whole trace.
 */
final class CrashLog {
    private CrashLog() {
    }

    /** Writes the trace and returns the file, or null if even that failed. */
    static Path write(Throwable t, String command, List<String> args) {
        StringWriter trace = new StringWriter();
        try (PrintWriter pw = new PrintWriter(trace)) {
            pw.println("exmy " + command + " " + String.join(" ", args));
            pw.println("exmy " + io.exmy.io.BuildInfo.commit() + ", java " + System.getProperty("java.version"));
            t.printStackTrace(pw);
        }
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            Path f = Files.createTempFile(dir, "exmy-error-" + stamp + "-", ".log");
            Files.writeString(f, trace.toString(), StandardCharsets.UTF_8);
            return f;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
