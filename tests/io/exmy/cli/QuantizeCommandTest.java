package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.BitAssert;
import io.exmy.block.BlockCodes;
import io.exmy.block.BlockInputs;
import io.exmy.block.BlockQuantizer;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCommandTest {
    @TempDir
    Path dir;

    static CastCommandTest.Run exmy(String... args) {
        return CastCommandTest.exmy(args);
    }

    private Path tensor(String name, float[] data, long... shape) throws Exception {
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofFloats(data, shape));
        return p;
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void mxfp4ValuesCodesAndScalesMatchTheReferenceAndDequantizeBack() throws Exception {
        float[] x = BlockInputs.of(BlockInputs.Kind.GAUSSIAN, 3, 41, 1);
        Path in = tensor("x.npy", x, 3, 41);
        CastCommandTest.Run r = exmy("quantize", "--scheme", "mxfp4", "--backend", "java", in.toString(), p("y.npy"),
                "--codes", p("c.npy"), "--scales", p("s.npy"));
        assertEquals(0, r.code(), r.err());
        BlockCodes expected = BlockQuantizer.quantize(x, 3, 41, 0, BlockSchemes.MXFP4);
        NpyArray y = Npy.read(dir.resolve("y.npy"));
        assertArrayEquals(new long[] {3, 41}, y.shape());
        BitAssert.floatsEqual(BlockQuantizer.fakeQuantize(x, 3, 41, 0, BlockSchemes.MXFP4), y.f32(), x, "values");
        NpyArray c = Npy.read(dir.resolve("c.npy"));
        assertArrayEquals(new long[] {3, 21}, c.shape());
        assertArrayEquals(expected.codes(), c.u8());
        NpyArray s = Npy.read(dir.resolve("s.npy"));
        assertArrayEquals(new long[] {3, 2}, s.shape());
        assertArrayEquals(expected.scaleCodes(), s.u8());

        r = exmy("dequantize", "--scheme", "mxfp4", "--codes", p("c.npy"), "--scales", p("s.npy"), "--cols", "41",
                p("back.npy"));
        assertEquals(0, r.code(), r.err());
        NpyArray back = Npy.read(dir.resolve("back.npy"));
        assertArrayEquals(new long[] {3, 41}, back.shape());
        BitAssert.floatsEqual(y.f32(), back.f32(), x, "dequantized codes");
    }

    @Test
    void nvfp4WritesItsTensorScale() throws Exception {
        float[] x = BlockInputs.of(BlockInputs.Kind.RANGE, 4, 32, 2);
        Path in = tensor("x.npy", x, 4, 32);
        assertEquals(0, exmy("quantize", "--scheme", "nvfp4", in.toString(), p("y.npy"), "--codes", p("c.npy"),
                "--scales", p("s.npy"), "--tensor-scale", p("t.npy")).code());
        BlockCodes expected = BlockQuantizer.quantize(x, 4, 32, 0, BlockSchemes.NVFP4);
        NpyArray t = Npy.read(dir.resolve("t.npy"));
        assertArrayEquals(new long[] {1}, t.shape());
        assertEquals(Float.floatToRawIntBits(expected.tensorScale()), Float.floatToRawIntBits(t.f32()[0]));
        assertArrayEquals(expected.scaleCodes(), Npy.read(dir.resolve("s.npy")).u8());
        CastCommandTest.Run r = exmy("dequantize", "--scheme", "nvfp4", "--codes", p("c.npy"), "--scales", p("s.npy"),
                "--tensor-scale", p("t.npy"), p("back.npy"));
        assertEquals(0, r.code(), r.err());
        BitAssert.floatsEqual(Npy.read(dir.resolve("y.npy")).f32(), Npy.read(dir.resolve("back.npy")).f32(), x, "nvfp4");
    }

    @Test
    void genericOptionsNameTheSameSchemeAsItsText() throws Exception {
        float[] x = BlockInputs.of(BlockInputs.Kind.TIES, 9, 10, 3);
        Path in = tensor("x.npy", x, 9, 10);
        assertEquals(0, exmy("quantize", "--elem", "e3m2", "--block", "4", "--axis", "col", "--scale-format", "fp32",
                "--scale-rule", "amax", "--rounding", "sr", "--seed", "5", in.toString(), p("a.npy"), "--codes",
                p("c.npy"), "--scales", p("s.npy")).code());
        assertEquals(0, exmy("quantize", "--scheme", "e3m2/b4/col/fp32/amax/sr/seed=5", in.toString(), p("b.npy")).code());
        BlockScheme s = BlockSchemes.parse("e3m2/b4/col/fp32/amax/sr/seed=5");
        BitAssert.floatsEqual(BlockQuantizer.fakeQuantize(x, 9, 10, 0, s), Npy.read(dir.resolve("a.npy")).f32(), x, "generic");
        BitAssert.floatsEqual(Npy.read(dir.resolve("a.npy")).f32(), Npy.read(dir.resolve("b.npy")).f32(), x, "text");
        NpyArray scales = Npy.read(dir.resolve("s.npy"));
        assertNotNull(scales.f32()); // fp32 scales are float32 values, in the 3 × 10 grid of column blocks
        assertArrayEquals(new long[] {3, 10}, scales.shape());
        // channel-wise: --block all
        assertEquals(0, exmy("quantize", "--elem", "e4m3", "--block", "all", "--axis", "row", "--scale-format", "fp32",
                "--scale-rule", "amax", in.toString(), p("ch.npy"), "--codes", p("c2.npy"), "--scales", p("s2.npy")).code());
        assertArrayEquals(new long[] {9, 1}, Npy.read(dir.resolve("s2.npy")).shape());
    }

    @Test
    void oneDimensionalInputIsOneRow() throws Exception {
        float[] x = BlockInputs.of(BlockInputs.Kind.GAUSSIAN, 1, 50, 4);
        Path in = tensor("x.npy", x, 50);
        assertEquals(0, exmy("quantize", "--scheme", "mxfp8_e4m3", in.toString(), p("y.npy"), "--codes", p("c.npy"),
                "--scales", p("s.npy")).code());
        assertArrayEquals(new long[] {50}, Npy.read(dir.resolve("y.npy")).shape());
        assertArrayEquals(new long[] {50}, Npy.read(dir.resolve("c.npy")).shape());
        assertArrayEquals(new long[] {2}, Npy.read(dir.resolve("s.npy")).shape());
        CastCommandTest.Run r = exmy("dequantize", "--scheme", "mxfp8_e4m3", "--codes", p("c.npy"), "--scales", p("s.npy"),
                p("back.npy"));
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new long[] {50}, Npy.read(dir.resolve("back.npy")).shape());
    }

    @Test
    void badInputsFailClearlyAndLeaveNoOutput() throws Exception {
        Path x2 = tensor("x.npy", new float[64], 2, 32);
        Path x3 = tensor("x3.npy", new float[8], 2, 2, 2);
        String out = p("out.npy");
        assertError("reshape it first", "quantize", "--scheme", "mxfp4", x3.toString(), out);
        assertError("no block scheme", "quantize", x2.toString(), out);
        assertError("not both", "quantize", "--scheme", "mxfp4", "--elem", "e2m1", x2.toString(), out);
        assertError("needs --scale-rule", "quantize", "--elem", "e2m1", "--block", "32", "--axis", "row",
                "--scale-format", "e8m0", x2.toString(), out);
        assertError("cannot read block scheme 'mxfp5'", "quantize", "--scheme", "mxfp5", x2.toString(), out);
        assertError("has no NaN", "quantize", "--scheme", "e2m1/b32/row/e2m1/floor", x2.toString(), out);
        assertError("--block x", "quantize", "--elem", "e2m1", "--block", "x", "--axis", "row", "--scale-format", "e8m0",
                "--scale-rule", "floor", x2.toString(), out);
        assertError("go together", "quantize", "--scheme", "mxfp4", x2.toString(), out, "--codes", p("c.npy"));
        assertError("give --tensor-scale", "quantize", "--scheme", "nvfp4", x2.toString(), out, "--codes", p("c.npy"),
                "--scales", p("s.npy"));
        assertError("drop --tensor-scale", "quantize", "--scheme", "mxfp4", x2.toString(), out, "--tensor-scale", p("t.npy"));
        assertError("at most 8 bits", "quantize", "--scheme", "bf16/b32/row/e8m0/floor", x2.toString(), out, "--codes",
                p("c.npy"), "--scales", p("s.npy"));
        assertError("does not exist", "quantize", "--scheme", "mxfp4", x2.toString(), out, "--codes",
                p("no/such/c.npy"), "--scales", p("s.npy"));
        Path f64 = dir.resolve("f64.npy");
        Files.write(f64, io.exmy.io.NpyTest.npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                new byte[16]));
        assertError("float64", "quantize", "--scheme", "mxfp4", f64.toString(), out);
        assertFalse(Files.exists(dir.resolve("out.npy")));
        assertFalse(Files.exists(dir.resolve("s.npy")));

        // dequantize: scales of the wrong count or type, codes of the wrong width
        assertEquals(0, exmy("quantize", "--scheme", "mxfp4", x2.toString(), out, "--codes", p("c.npy"), "--scales",
                p("s.npy")).code());
        assertError("need 32 (1×32)", "dequantize", "--scheme", "mxfp4/col", "--codes", p("c.npy"), "--scales", p("s.npy"),
                p("back.npy"));
        assertError("stores float32 values", "dequantize", "--scheme", "e2m1/b32/row/fp32/amax", "--codes", p("c.npy"),
                "--scales", p("s.npy"), p("back.npy"));
        assertError("needs 17 bytes per row", "dequantize", "--scheme", "mxfp4", "--codes", p("c.npy"), "--scales",
                p("s.npy"), "--cols", "33", p("back.npy"));
        assertError("holds float32", "dequantize", "--scheme", "mxfp4", "--codes", out, "--scales", p("s.npy"), p("back.npy"));
        assertFalse(Files.exists(dir.resolve("back.npy")));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    private static void assertError(String part, String... args) {
        CastCommandTest.Run r = exmy(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(part), r.err());
    }

    @Test
    void benchQuantizeTakesOnlyWidthsThatFillItsRows() {
        // --cols 3 used to make 2^10 / 3 rows of 3: one element fewer than the 2^10 measured.
        CastCommandTest.Run r = exmy("bench", "quantize", "--backends", "java", "--sizes", "10",
                "--cols", "3", "--reps", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--cols 3: give a power of two"), r.err());
        r = exmy("bench", "quantize", "--backends", "java", "--sizes", "31", "--reps", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--sizes must be between 1 and 30"), r.err());
        r = exmy("bench", "cast", "--backends", "java", "--sizes", "10", "--reps", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--reps must be between 1 and"), r.err());
        r = exmy("bench", "quantize", "--backends", "java", "--sizes", "10", "--cols", "16", "--reps", "1",
                "--schemes", "mxfp4", "--axes", "row");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fake-quantize mxfp4 64×16"), r.out());
    }

    @Test
    void benchQuantizeReportsRatiosToCopy() {
        CastCommandTest.Run r = exmy("bench", "quantize", "--backends", "java", "--sizes", "12", "--schemes", "mxfp4,nvfp4",
                "--axes", "row,col", "--cols", "64", "--reps", "3", "--codes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("### Block quantization throughput"), r.out());
        assertTrue(r.out().contains("fake-quantize mxfp4/col 64×64"), r.out());
        assertTrue(r.out().contains("quantize nvfp4 64×64"), r.out());
        assertTrue(r.out().contains("of copy"), r.out());
    }
}
