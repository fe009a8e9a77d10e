package io.exmy.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion; a seam so that Slurm's commands can be faked in tests. */
@FunctionalInterface
public interface CommandRunner {
    record Output(int exit, String stdout, String stderr) {
    }

    /** Runs {@code command}; throws IOException if it cannot be started (not installed). */
    Output run(List<String> command) throws IOException;

    /** The real thing, with a time limit: a hung slurmctld must not hang the sweep forever. */
    static CommandRunner system(long timeoutSeconds) {
        return command -> {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close(); // no input: a command that asks must not wait forever
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
                }
                return new Output(p.exitValue(), out.join(), err.join());
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
        };
    }

    private static String slurp(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
