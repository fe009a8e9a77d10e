package io.exmy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.exmy.cli.CastCommandTest.exmy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark programs print a report block with its provenance, and refuse what they cannot measure. */
class BenchCommandTest {
    /** A Markdown table row starting with these cells (the table pads cells with spaces). */
    private static boolean hasRow(String markdown, String... cells) {
        StringBuilder re = new StringBuilder("(?m)^");
        for (String c : cells) {
            re.append("\\|\\s*").append(java.util.regex.Pattern.quote(c)).append("\\s*");
        }
        return java.util.regex.Pattern.compile(re.append("\\|").toString()).matcher(markdown).find();
    }

    @Test
    void fitReportsEveryRequestedLaw(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("bench.md");
        CastCommandTest.Run r = exmy("bench", "fit", "--laws", "ouyang,chinchilla", "--points", "200", "--append", md.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("### Scaling-law fit time"), r.out());
        assertTrue(hasRow(r.out(), "ouyang", "200"), r.out());
        assertTrue(hasRow(r.out(), "chinchilla", "200"), r.out());
        assertTrue(r.out().contains("- commit: "), r.out());
        assertEquals(r.out(), Files.readString(md));
    }

    @Test
    void fitRejectsUnknownLawsAndTooFewPoints() {
        CastCommandTest.Run r = exmy("bench", "fit", "--laws", "hoffmann");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown law 'hoffmann'"), r.err());
        r = exmy("bench", "fit", "--points", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--points must be at least 20"), r.err());
    }

    @Test
    void trainReportsThroughputOnTheJavaBackend() {
        CastCommandTest.Run r = exmy("bench", "train", "--backends", "java", "--models", "nano", "--batch-size", "2",
                "--steps", "1", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("### Training throughput"), r.out());
        assertTrue(r.out().contains("- device: java: "), r.out());
        assertTrue(hasRow(r.out(), "java", "nano"), r.out());
    }

    @Test
    void aNamedBackendThatCannotOpenIsAnError() {
        CastCommandTest.Run r = exmy("bench", "cast", "--backends", "java,nosuch", "--sizes", "10", "--reps", "1");
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("nosuch"), r.err());
    }
}
