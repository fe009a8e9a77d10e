package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backend.CallSpy;
import io.exmy.block.BlockInputs;
import io.exmy.block.BlockSchemes;
import io.exmy.format.CastSpec;
import io.exmy.format.ExmyCast;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyHeader;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import io.exmy.stream.StreamQuantize;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed commands at sizes a Java array cannot hold, in a heap far smaller than the data; what
 * they refuse, and what a failure leaves behind.
 */
class LargeArraysTest {
    @TempDir
    Path dir;

    /**
     * 2^29 float32 elements (2 GiB, past every int byte offset) cast through the command in a JVM with a
     * 256 MiB heap, on the Java reference backend (whose buffers are on that heap). The input is a sparse
     * file — a header, then a hole, with a few values written at the start, the middle and the end — so it
     * costs no disk; the output is written sparse for the same reason. Stochastic rounding checks that the
     * last elements drew the bits of their global index.
     */
    @Test
    void castsTwoGibibytesInA256MibHeap() throws Exception {
        long n = 1L << 29;
        Path in = dir.resolve("big.npy");
        Path out = dir.resolve("big-out.npy");
        byte[] header = NpyHeader.encode(NpyArray.F32, new long[] {n});
        long[] at = {0, 1, 2, n / 2 + 3, n - 3, n - 2, n - 1};
        float[] values = {1.1f, -3.3f, 1e-3f, 300.7f, -0.3f, 447.9f, 7.77e-3f};
        try (RandomAccessFile f = new RandomAccessFile(in.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + 4 * n);
            for (int i = 0; i < at.length; i++) {
                f.seek(header.length + 4 * at[i]);
                f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(values[i]).array());
            }
        }
        try {
            long t0 = System.nanoTime();
            Process p = subprocess("-Xmx256m", "cast", "-f", "e4m3", "--rounding", "sr", "--seed", "5", "--backend", "java",
                    in.toString(), out.toString());
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), log);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, p.exitValue(), log);
            System.out.printf("LargeArraysTest: 2^29-element cast in a 256 MiB heap: %.1f s%n", seconds);
            CastSpec spec = new CastSpec(Format.E4M3, Rounding.SR, false, false, 5);
            try (NpyReader r = NpyReader.open(out)) {
                assertArrayEquals(new long[] {n}, r.shape());
                assertEquals(header.length + 4 * n, Files.size(out));
                float[] one = new float[1];
                for (int i = 0; i < at.length; i++) {
                    r.readFloats(at[i], one, 0, 1);
                    assertEquals(ExmyCast.cast(values[i], spec, at[i]), one[0], "element " + at[i]);
                }
                r.readFloats(n / 4, one, 0, 1);
                assertEquals(0f, one[0]);
            }
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    private static Process subprocess(String heap, String... args) throws IOException {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, cp), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void brokenInputsAreOneLineNamingTheFile() throws Exception {
        Path magic = dir.resolve("magic.npy");
        Files.write(magic, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        assertOneLine(magic + " is truncated", "cast", "-f", "e4m3", magic.toString(), p("o.npy"));
        assertOneLine(dir + " is a directory", "cast", "-f", "e4m3", dir.toString(), p("o.npy"));
        Path bool = dir.resolve("bool.npy");
        Files.write(bool, io.exmy.io.NpyTest.npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }",
                new byte[4]));
        assertOneLine(bool + " holds a numpy bool array", "decode", "-f", "e4m3", bool.toString(), p("o.npy"));
        assertOneLine(bool + " holds a numpy bool array", "dequantize", "--scheme", "mxfp8_e4m3", "--codes",
                bool.toString(), "--scales", bool.toString(), p("o.npy"));
        Path cut = dir.resolve("cut.npy");
        Npy.write(cut, NpyArray.ofFloats(new float[64], 8, 8));
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 1));
        assertOneLine(cut + " is truncated: its header promises 64 elements", "quantize", "--scheme", "mxfp4",
                cut.toString(), p("o.npy"));
        Path huge = dir.resolve("huge.npy");
        Files.write(huge, io.exmy.io.NpyTest.npyBytes(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", new byte[4]));
        assertOneLine(huge + ": corrupt .npy header", "cast", "-f", "e4m3", huge.toString(), p("o.npy"));
        assertTrue(!Files.exists(dir.resolve("o.npy")));
    }

    private void assertOneLine(String start, String... args) {
        CastCommandTest.Run r = CastCommandTest.exmy(args);
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().strip();
        assertTrue(line.startsWith("exmy " + args[0] + ": " + start), r.err());
        assertEquals(1, line.lines().count(), r.err());
    }

    /** A failing run, wherever it fails, leaves every file that existed byte for byte as it was and no temporary. */
    @Test
    void aFailedQuantizeLeavesEarlierOutputsAsTheyWere() throws Exception {
        Path in = dir.resolve("x.npy");
        Npy.write(in, NpyArray.ofFloats(BlockInputs.of(BlockInputs.Kind.GAUSSIAN, 8, 64, 1), 8, 64));
        Path out = dir.resolve("y.npy");
        Path codes = dir.resolve("c.npy");
        Path scales = dir.resolve("s.npy");
        Map<Path, byte[]> before = Map.of(out, "old values".getBytes(StandardCharsets.UTF_8),
                codes, "old codes".getBytes(StandardCharsets.UTF_8));
        for (var e : before.entrySet()) {
            Files.write(e.getKey(), e.getValue());
        }
        CastCommandTest.Run r = CastCommandTest.exmy("quantize", "--scheme", "mxfp4", in.toString(), out.toString(),
                "--codes", codes.toString(), "--scales", dir.resolve("missing/s.npy").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertUnchanged(before);
        Files.createDirectory(scales);
        r = CastCommandTest.exmy("quantize", "--scheme", "mxfp4", in.toString(), out.toString(), "--codes",
                codes.toString(), "--scales", scales.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(scales + " is a directory"), r.err());
        assertUnchanged(before);
        Files.delete(scales);

        // A failure half-way through the chunks (the backend fails its third chunk), as the command runs it.
        Backend failing = failingOnCall("fakeQuantize", 3);
        try (NpyReader x = NpyReader.open(in); OutputBatch batch = OutputBatch.of(out, codes, scales)) {
            assertThrows(IllegalStateException.class, () -> StreamQuantize.run(failing, x, BlockSchemes.parse("mxfp4"),
                    batch, new StreamQuantize.Targets(out, codes, scales, null), 64));
        }
        assertUnchanged(before);
        assertTrue(!Files.exists(scales));
    }

    private void assertUnchanged(Map<Path, byte[]> before) throws IOException {
        for (var e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey().toString());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(OutputBatch.TEMP_PREFIX)),
                    "a temporary file was left behind");
        }
    }

    /** The Java backend, except that the {@code n}-th call of {@code method} throws. */
    private static Backend failingOnCall(String method, int n) {
        int[] calls = {0};
        return CallSpy.java((m, args, proceed) -> {
            if (m.getName().equals(method) && ++calls[0] == n) {
                throw new IllegalStateException("injected failure in call " + n + " of " + method);
            }
            return proceed.call();
        });
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }
}
