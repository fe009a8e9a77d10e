package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every refusal is one line that says what was wrong, with exit code 2, from the one error path;
 * an internal error is one line naming a log file that holds the stack trace, with exit code 1.
 */
class ErrorPathTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** exit 2, exactly one line on stderr, containing every fragment, and no Java class names. */
    private static CastCommandTest.Run userError(List<String> fragments, String... args) {
        CastCommandTest.Run r = CastCommandTest.exmy(args);
        assertEquals(2, r.code(), () -> String.join(" ", args) + " -> " + r);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("exmy")).count(), () -> "one error line: " + r.err());
        assertFalse(r.err().contains("java.lang") || r.err().contains("\tat "), () -> "no Java internals: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "should contain '" + f + "': " + r.err());
        }
        return r;
    }

    @Test
    void parseErrorsAreOneLinePointingAtTheHelp() {
        userError(List.of("unknown option --frmat", "see `exmy cast --help`"), "cast", "--frmat", "e4m3", "a", "b");
        userError(List.of("unexpected argument 'c'"), "cast", "-f", "e4m3", "a", "b", "c");
        userError(List.of("Missing required", "see `exmy cast --help`"), "cast", "a", "b");
        userError(List.of("exponent bits must be 0..8", "--format"), "cast", "-f", "e9m1", "a", "b");
        userError(List.of("'99999999999'", "see `exmy hadamard --help`"), "hadamard", "--block", "99999999999", "a", "b");
        userError(List.of("see `exmy results export --help`"), "results", "export", "--bogus", "x");
        userError(List.of("unknown option"), "--nope");
    }

    @Test
    void aFormatListIsParsedWithTheFormatsOwnMessage() {
        userError(List.of("format 'e9m1'", "exponent bits"), "formats", "e9m1");
    }

    @Test
    void numericOptionsAreCheckedBeforeAnyWork() {
        userError(List.of("--sizes must be between 1 and 30", "not -1"), "bench", "cast", "--sizes", "-1");
        userError(List.of("--sizes must be between 1 and 30", "not 40"), "bench", "cast", "--sizes", "20,40");
        userError(List.of("--reps must be between 1 and 1000000", "not 0"), "bench", "cast", "--reps", "0");
        userError(List.of("--E must be between 1 and 8"), "derive", "--law", "sun", "--published", "--E", "9", "--M", "1",
                "--N", "1e9");
        userError(List.of("--level must be above 0 and below 1"), "fit", "--law", "chinchilla", "--level", "1", p("d.csv"));
        userError(List.of("--block must be between 2 and 256"), "hadamard", "--block", "1", p("a.npy"), p("b.npy"));
        userError(List.of("--block 99999999999 must be between 1 and"), "quantize", "--elem", "e4m3", "--block",
                "99999999999", "--axis", "row", "--scale-format", "e8m0", "--scale-rule", "floor", p("a.npy"), p("b.npy"));
        userError(List.of("--checkpoint-seconds must be between 0"), "train", "--checkpoint-seconds", "-1");
    }

    @Test
    void settingsThatWouldSilentlyNameAnotherRunAreRefused() throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, "model: nano\nseed: 1\nseed: 2\n");
        userError(List.of("c.yaml line 3", "Duplicate field 'seed'"), "train", "--config", cfg.toString(), "--store", p("s"));
        userError(List.of("--set seed=9223372036854775808", "64-bit integer range"), "train", "--set",
                "seed=9223372036854775808", "--store", p("s"));
        assertFalse(Files.exists(dir.resolve("s")), "no store is made for a refused run");
    }

    @Test
    void predictionsOutsideALawsDomainAreRefused() {
        userError(List.of("no finite prediction at N=0"), "predict", "--law", "chinchilla", "--published", "--set", "N=0",
                "--set", "D=1e9");
    }

    @Test
    void anExperimentIsCheckedWholeBeforeAStoreOrReportIsMade() throws Exception {
        Path bits = dir.resolve("bits.yaml");
        Files.writeString(bits, "name: t\nsweep: {kind: qerror, fixed: {elements: 100}}\nderive: {bits: [0, 99]}\n");
        userError(List.of("derive.bits takes integers from 2 to 64"), "run", "--config", bits.toString(), "--store",
                p("store"), "--out", p("report"));
        Path format = dir.resolve("format.yaml");
        Files.writeString(format, "name: t\nsweep: {kind: qerror, fixed: {elements: 100}, axes: {format: [e4m3, e9m9]}}\n");
        userError(List.of("e9m9"), "run", "--config", format.toString(), "--store", p("store"), "--out", p("report"));
        assertFalse(Files.exists(dir.resolve("store")), "no store.json for an experiment that cannot run");
        assertFalse(Files.exists(dir.resolve("report")), "no report directory either");
    }

    @Test
    void fileSystemFailuresNameTheFileAndTheReason() throws Exception {
        userError(List.of("OUT " + dir + " is a directory"), "results", "export", "--store", p("nostore"), dir.toString());
        userError(List.of("cannot read the experiment file", "nope.yaml: no such file or directory"), "run", "--config",
                p("nope.yaml"), "--store", p("st"), "--out", p("rep"));
        Files.createDirectories(dir.resolve("cdir"));
        userError(List.of("is a directory: give a text file"), "train", "--corpus", "file:" + p("cdir"), "--model", "nano",
                "--tokens", "1000", "--store", p("st"));
        assertEquals("/x/y: permission denied", io.exmy.io.IoMessages.describe(new AccessDeniedException("/x/y")));
        assertEquals("a: no such file or directory", io.exmy.io.IoMessages.describe(new NoSuchFileException("a")));
        assertEquals("d: is a directory", io.exmy.io.IoMessages.describe(new FileSystemException("d", null, "Is a directory")));
    }

    @Test
    void anInternalErrorIsOneLineAndItsTraceGoesToALogFile() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        String old = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        int code;
        try {
            code = ErrorHandler.report(new NullPointerException("a bug"), cl.getSubcommands().get("cast"), List.of("x"));
        } finally {
            System.setProperty("java.io.tmpdir", old);
        }
        assertEquals(1, code);
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("exmy cast: internal error: java.lang.NullPointerException: a bug"), line);
        Matcher m = Pattern.compile("the stack trace is in (\\S+)\\)").matcher(line);
        assertTrue(m.find(), line);
        Path log = Path.of(m.group(1));
        assertTrue(log.startsWith(dir), "the log goes to the temporary directory: " + log);
        String trace = Files.readString(log);
        assertTrue(trace.contains("NullPointerException: a bug") && trace.contains("\tat "), trace);
    }

    @Test
    void runningOutOfMemoryIsAUserErrorThatSaysHowToGiveMore() {
        String m = ErrorMessages.userMessage(new OutOfMemoryError("Java heap space"));
        assertNotNull(m);
        assertTrue(m.contains("EXMY_JAVA_OPTS=-Xmx"), m);
        assertEquals("a; b", ErrorMessages.oneLine("a\n  b\n"));
    }
}
