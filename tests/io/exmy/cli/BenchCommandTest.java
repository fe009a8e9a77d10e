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
        assertTrue(r.err().contains("--points must be between 20 and"), r.err());
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

    @Test
    void hadamardReportsEverySizeAndAxisBesideACopy(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("bench.md");
        CastCommandTest.Run r = exmy("bench", "hadamard", "--backends", "java", "--sizes", "12", "--blocks", "16,64",
                "--cols", "64", "--reps", "1", "--append", md.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("### Hadamard transform throughput"), r.out());
        assertTrue(r.out().contains("- device: java: "), r.out());
        assertTrue(r.out().contains("- command: `exmy bench hadamard --backends java --sizes 12"), r.out());
        for (String op : new String[] {"hadamard 16/te row 64×64", "hadamard 16/te col 64×64",
                "hadamard 64/plain row 64×64", "hadamard 64/plain col 64×64"}) {
            assertTrue(hasRow(r.out(), "java", op, "2^12"), op + " in\n" + r.out());
        }
        assertTrue(r.out().contains("copy GB/s"), r.out());
        assertEquals(r.out(), Files.readString(md));
    }

    @Test
    void hadamardRefusesSizesItCannotTransform() {
        CastCommandTest.Run r = exmy("bench", "hadamard", "--backends", "java", "--blocks", "24");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--blocks 24: Hadamard size must be a power of two from 2 to 256, got 24"), r.err());
        r = exmy("bench", "hadamard", "--backends", "java", "--blocks", "512");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--blocks must be between 2 and 256 (a power of two), not 512"), r.err());
        r = exmy("bench", "hadamard", "--backends", "java", "--sizes", "12", "--blocks", "256", "--axes", "col");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--sizes 12 with --cols 4096 makes a 1 × 4096 tensor, whose 1 rows size 256 does not"
                + " divide (axis col): give larger --sizes or smaller --cols"), r.err());
        r = exmy("bench", "hadamard", "--backends", "java", "--sizes", "31");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--sizes must be between 1 and 30 (log2 of an element count), not 31"), r.err());
        r = exmy("bench", "hadamard", "--backends", "java", "--axes", "tensor");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--axes tensor: use row or col"), r.err());
    }
}
