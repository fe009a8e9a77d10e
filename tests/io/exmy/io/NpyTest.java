package io.exmy.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class NpyTest {
    @TempDir
    Path dir;

    /** The exact bytes numpy.save writes for np.array([1, 2, 3], dtype=np.float32) (numpy 2.4). */
    @Test
    void headerIsByteForByteNumpys() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.ofFloats(new float[] {1, 2, 3}, 3));
        byte[] b = out.toByteArray();
        assertEquals(140, b.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 'v', 0}, Arrays.copyOf(b, 10));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", new String(b, 10, 118, StandardCharsets.ISO_8859_1));
        assertEquals(0x3F800000, java.nio.ByteBuffer.wrap(b, 128, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void roundTripsShapesAndTypes() throws IOException {
        for (long[] shape : List.of(new long[0], new long[] {5}, new long[] {2, 3}, new long[] {2, 1, 3}, new long[] {0, 4})) {
            int n = (int) NpyArray.elements(shape);
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = i * 0.5f - 1;
            }
            Path p = dir.resolve("a.npy");
            Npy.write(p, NpyArray.ofFloats(data, shape));
            NpyArray back = Npy.read(p);
            assertArrayEquals(shape, back.shape());
            assertArrayEquals(data, back.f32());
            Npy.write(p, NpyArray.ofBytes(new byte[n], shape));
            assertEquals(NpyArray.U8, Npy.read(p).descr());
        }
    }

    @Test
    void errorsSayWhatIsWrong() throws IOException {
        Path p = dir.resolve("x.npy");
        Files.write(p, "hello".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("not a .npy file"));

        Npy.write(p, NpyArray.ofFloats(new float[100], 100));
        byte[] whole = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(whole, whole.length - 10));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("truncated"));

        String f64 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        Files.write(p, npyBytes(f64, new byte[16]));
        String msg = assertThrows(IOException.class, () -> Npy.read(p)).getMessage();
        assertTrue(msg.contains("float64") && msg.contains("astype"), msg);

        String fortran = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }";
        Files.write(p, npyBytes(fortran, new byte[16]));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("Fortran"));

        assertTrue(assertThrows(IOException.class, () -> Npy.read(dir.resolve("missing.npy"))).getMessage()
                .contains("does not exist"));
    }

    /** Every way a file can fail to be a readable array: one message naming the file and what to do. */
    @Test
    void brokenFilesAreRefusedByName() throws IOException {
        Path p = dir.resolve("b.npy");
        Files.write(p, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        assertRefused(p, "ends after 6 bytes, inside its .npy header", "numpy.save");
        Files.write(p, new byte[0]);
        assertRefused(p, "is empty", "numpy.save");
        assertRefused(dir, "is a directory", "give the path");

        String bool = "{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }";
        Files.write(p, npyBytes(bool, new byte[4]));
        assertRefused(p, "bool array ('|b1')", "astype(numpy.uint8)");

        String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }";
        Files.write(p, npyBytes(String.format(f4, "3,"), new byte[11]));
        assertRefused(p, "promises 3 elements (12 bytes of data) but only 11 bytes follow", "save the array again");
        Files.write(p, npyBytes(String.format(f4, "-3,"), new byte[12]));
        assertRefused(p, "negative dimension -3", "corrupt");
        Files.write(p, npyBytes(String.format(f4, "99999999999999999999,"), new byte[12]));
        assertRefused(p, "a dimension beyond 2^63", "corrupt");
        Files.write(p, npyBytes(String.format(f4, "4294967296, 4294967296"), new byte[12]));
        assertRefused(p, "more than 2^63 elements", "corrupt");
        Files.write(p, npyBytes(String.format(f4, "4611686018427387904,"), new byte[12]));
        assertRefused(p, "more than 2^63 bytes", "corrupt");
        Files.write(p, npyBytes(String.format(f4, "1099511627776,"), new byte[12]));
        assertRefused(p, "promises 1099511627776 elements", "save the array again");
        Files.write(p, npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]));
        assertRefused(p, "structured", "astype");
    }

    private static void assertRefused(Path p, String... parts) {
        String msg = assertThrows(IOException.class, () -> Npy.read(p)).getMessage();
        assertTrue(msg.startsWith(p.toString()), msg);
        assertTrue(!msg.contains("\n"), msg);
        for (String part : parts) {
            assertTrue(msg.contains(part), msg);
        }
    }

    /** Header bytes equal numpy.save's for shapes around every padding boundary (numpy adds 1 to 64 spaces). */
    @Test
    void headersAreNumpysAtEveryPaddingLength() throws Exception {
        Assumptions.assumeTrue(pythonHasNumpy(), "python3 with numpy is not installed here");
        List<long[]> shapes = new java.util.ArrayList<>(List.of(new long[0], new long[] {0}, new long[] {1L << 29},
                new long[] {123456789012L, 5}, new long[] {1L << 62}));
        for (int d = 1; d <= 30; d++) {
            long[] s = new long[d];
            Arrays.fill(s, 7);
            shapes.add(s);
            shapes.add(new long[] {1, (long) Math.pow(10, Math.min(d, 18))});
        }
        // write_array_header_1_0 is what numpy.save calls for these shapes (version 1.0, with the growth spaces).
        StringBuilder py = new StringBuilder("import io, sys, numpy.lib.format as f\nfor s in [");
        for (long[] s : shapes) {
            py.append(NpyArray.shapeString(s)).append(',');
        }
        py.append("]:\n  for d in ('<f4', '|u1'):\n    b = io.BytesIO()\n"
                + "    f.write_array_header_1_0(b, {'descr': d, 'fortran_order': False, 'shape': s})\n"
                + "    sys.stdout.write(b.getvalue().hex() + '\\n')\n");
        Process proc = new ProcessBuilder("python3", "-c", py.toString()).redirectErrorStream(true).start();
        String[] lines = new String(proc.getInputStream().readAllBytes()).split("\n");
        assertEquals(0, proc.waitFor(), String.join("\n", lines));
        int i = 0;
        for (long[] s : shapes) {
            for (String d : List.of(NpyArray.F32, NpyArray.U8)) {
                assertEquals(lines[i++], java.util.HexFormat.of().formatHex(NpyHeader.encode(d, s)),
                        d + " " + NpyArray.shapeString(s));
            }
        }
    }

    /** Past 65535 header bytes numpy switches to version 2.0 and a 32-bit length; alignment stays 64. */
    @Test
    void longHeadersAreVersionTwo() {
        long[] shape = new long[30000];
        Arrays.fill(shape, 1);
        byte[] h = NpyHeader.encode(NpyArray.F32, shape);
        assertEquals(2, h[6]);
        assertEquals(0, h.length % 64);
        assertEquals(h.length - 12, java.nio.ByteBuffer.wrap(h, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals('\n', h[h.length - 1]);
    }

    @Test
    void failedWriteLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("out.npy");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no partial or temporary file may remain");
        }
    }

    /** Cross-check with NumPy itself where it is installed. */
    @Test
    void numpyReadsWhatExmyWritesAndViceVersa() throws Exception {
        Assumptions.assumeTrue(pythonHasNumpy(), "python3 with numpy is not installed here");
        Path a = dir.resolve("from_exmy.npy");
        Npy.write(a, NpyArray.ofFloats(new float[] {1.5f, -2f, Float.NaN, 3e-41f, 7f, 8f}, 2, 3));
        Path b = dir.resolve("from_numpy.npy");
        String py = "import numpy as np; a = np.load('" + a + "'); assert a.shape == (2, 3) and a.dtype == np.float32;"
                + " assert a[0,0] == 1.5 and np.isnan(a[0,2]) and a[1,0] == np.float32(3e-41);"
                + " np.save('" + b + "', np.arange(24, dtype=np.float32).reshape(2, 3, 4) * 0.25)";
        Process proc = new ProcessBuilder("python3", "-c", py).redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes());
        assertEquals(0, proc.waitFor(), log);
        NpyArray back = Npy.read(b);
        assertArrayEquals(new long[] {2, 3, 4}, back.shape());
        assertEquals(5.75f, back.f32()[23]);
    }

    static boolean pythonHasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A .npy file with the given header dictionary and raw data. */
    public static byte[] npyBytes(String dict, byte[] data) {
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }
}
