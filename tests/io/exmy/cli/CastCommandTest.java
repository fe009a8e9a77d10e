package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.format.Codes;
import io.exmy.format.ExmyCast;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CastCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run exmy(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(out, true));
            cl.setErr(new java.io.PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path tensor(String name, float[] data, long... shape) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofFloats(data, shape));
        return p;
    }

    private static float[] gaussian(int n) {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 10);
        }
        return x;
    }

    @Test
    void castWritesTheReferenceValuesInTheInputShape() throws Exception {
        float[] x = gaussian(60);
        Path in = tensor("x.npy", x, 3, 4, 5);
        Path out = dir.resolve("y.npy");
        Run r = exmy("cast", "--format", "e4m3", "--rounding", "sr", "--seed", "9", "--saturate", "--backend", "java",
                in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray y = Npy.read(out);
        assertArrayEquals(new long[] {3, 4, 5}, y.shape());
        CastSpec s = new CastSpec(Format.E4M3, Rounding.SR, true, false, 9);
        for (int i = 0; i < x.length; i++) {
            assertEquals(ExmyCast.cast(x[i], s, i), y.f32()[i]);
        }
    }

    @Test
    void codesOfFourBitFormatsPackTwoPerByteAndDecodeBack() throws Exception {
        float[] x = gaussian(21);
        Path in = tensor("x.npy", x, 3, 7);
        Path codes = dir.resolve("c.npy");
        assertEquals(0, exmy("cast", "-f", "e2m1", "--codes", in.toString(), codes.toString()).code());
        NpyArray c = Npy.read(codes);
        assertArrayEquals(new long[] {3, 4}, c.shape());
        CastSpec s = CastSpec.of(Format.E2M1);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Codes.encode(x[i], s, i), CodeLayout.codeAt(c.u8(), i / 7, i % 7, 7, Format.E2M1));
        }
        Path back = dir.resolve("back.npy");
        Run r = exmy("decode", "-f", "e2m1", "--cols", "7", codes.toString(), back.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray y = Npy.read(back);
        assertArrayEquals(new long[] {3, 7}, y.shape());
        for (int i = 0; i < x.length; i++) {
            assertEquals(ExmyCast.cast(x[i], s, i), y.f32()[i]);
        }
    }

    @Test
    void compatQpytorchIsQPyTorchsFloatQuantize() throws Exception {
        Path in = tensor("q.npy", new float[] {2.5f, -0.1f, 5f, 1.25f}, 4);
        Path out = dir.resolve("q_out.npy");
        Run r = exmy("cast", "-f", "e2m1", "--compat", "qpytorch", "--backend", "host", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        // ties away (2.5 → 3, 5 → 6: QPyTorch's e2m1 tops out at 6), a negative rounding to zero comes back +0
        float[] y = Npy.read(out).f32();
        assertArrayEquals(new int[] {0x40400000, 0x00000000, 0x40c00000, 0x3fc00000},
                new int[] {Float.floatToRawIntBits(y[0]), Float.floatToRawIntBits(y[1]), Float.floatToRawIntBits(y[2]),
                        Float.floatToRawIntBits(y[3])});
        // E = 1 (Sun et al.'s FP3): 2.5 → 3 (max), −0.1 → +0, 5 → 3, 1.25 → v = 3.25 → 3 → 1
        r = exmy("cast", "-f", "e1m1", "--compat", "qpytorch", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        y = Npy.read(out).f32();
        assertArrayEquals(new float[] {3f, 0f, 3f, 1f}, y);
        // codes of e4m3 (fn) cannot hold QPyTorch's 480; e4m3:finite's can
        r = exmy("cast", "-f", "e4m3", "--compat", "qpytorch", "--codes", in.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("e4m3:finite"), r.err());
        r = exmy("cast", "-f", "fp32", "--compat", "qpytorch", in.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("M = 23"), r.err());
        r = exmy("cast", "-f", "e2m1", "--compat", "qpytorch", "--rounding", "rne", in.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--rounding rna"), r.err());
        r = exmy("cast", "-f", "int8", "--compat", "qpytorch", in.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("integer grid"), r.err());
        r = exmy("cast", "-f", "e2m1", "--compat", "torch", in.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("use qpytorch"), r.err());
    }

    @Test
    void badInputsFailClearlyAndLeaveNoOutput() throws Exception {
        Path out = dir.resolve("out.npy");
        Path f64 = dir.resolve("f64.npy");
        Files.write(f64, io.exmy.io.NpyTest.npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                new byte[16]));
        Run r = exmy("cast", "-f", "e4m3", f64.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("float64"), r.err());

        Path good = tensor("g.npy", new float[1000], 1000);
        byte[] bytes = Files.readAllBytes(good);
        Path corrupt = dir.resolve("corrupt.npy");
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        r = exmy("cast", "-f", "e4m3", corrupt.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("truncated"), r.err());

        r = exmy("cast", "-f", "e4m3", good.toString(), dir.resolve("no/such/dir/out.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());

        r = exmy("cast", "-f", "e4m0:fn", good.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("needs at least 1 mantissa bit"), r.err());

        r = exmy("cast", "-f", "fp16", "--codes", good.toString(), out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("at most 8 bits"), r.err());

        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void unavailableBackendIsExplained() throws Exception {
        Path in = tensor("x.npy", new float[4], 4);
        Run r = exmy("cast", "-f", "e4m3", "--backend", "nosuch", in.toString(), dir.resolve("o.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown backend"), r.err());
    }

    @Test
    void formatsPrintsTheExactConstants() {
        Run r = exmy("formats");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("| e4m3   | 4 | 3  | fn     | 7    | 8    | 448 "), r.out());
        assertTrue(r.out().contains("2^-9 = 0.001953125"), r.out());
        Run csv = exmy("formats", "--csv", "e3m4:ieee");
        assertEquals("format,E,M,kind,bias,bits,max,min normal,min subnormal\n"
                + "e3m4:ieee,3,4,ieee,3,8,15.5,2^-2 = 0.25,2^-6 = 0.015625\n", csv.out());
    }
}
