package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backends.Backends;
import io.exmy.block.BlockCodes;
import io.exmy.block.BlockInputs;
import io.exmy.block.BlockQuantizer;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.format.Compat;
import io.exmy.format.QPyTorchCast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend against the reference {@link BlockQuantizer}, bit for bit: every preset and a set of
 * generic schemes (every rule, scale format kind, block layout — along rows, down columns, per row,
 * per column, per tensor — odd block lengths, blocks longer than a warp's registers, two-level,
 * stochastic rounding, saturation off, flush-to-zero, integer elements, the libraries' modes: rceil,
 * even, pceil, torchao's two-level arithmetic, QPyTorch's cast, R×C tiles), each on both axes, over
 * shapes that divide no tile and data from {@link BlockInputs} (huge dynamic range in a block,
 * zeros, NaN, inf, subnormal results, ties, random bits). Fake quantization, codes + scales + tensor
 * scale, and dequantization are each compared.
 */
@Tag("kernels")
class BlockConformanceTest {
    static final Backend JAVA = Backends.open("java");

    /**
     * Shapes: single elements, odd rows and columns, rows a multiple of 4 (16-byte path) and not,
     * columns longer than a warp's registers. The sanitizer runs ({@code exmy.sanitizer}) keep one
     * shape per kernel path and one kind of data per shape: they look for bad accesses and races,
     * which the arithmetic does not change.
     */
    static final boolean SANITIZED = System.getProperty("exmy.sanitizer") != null;
    static final int[][] SHAPES = SANITIZED
            ? new int[][] {{1, 7}, {3, 33}, {17, 64}, {2, 260}, {70, 9}}
            : new int[][] {{1, 1}, {1, 7}, {3, 33}, {5, 100}, {17, 64}, {33, 48}, {2, 260}, {70, 9}, {41, 36}};

    static final List<String> SCHEMES = List.of(
            "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e3m2", "mxfp6_e2m3", "mxfp4", "nvfp4",
            "e4m3/b7/row/e8m0/ceil", "e2m1/b16/row/e4m3/amax", "e3m2/b5/row/e5m2/floor", "e4m3/row/fp32/amax",
            "e5m2/tensor/e8m0/floor", "e2m3/tensor/bf16/amax", "e2m1/b3/row/e4m3/amax/ts", "e2m1/tensor/e4m3/amax/ts",
            "e4m3/b200/row/fp32/ceil", "e2m1/b1/row/e8m0/floor", "e4m3/b40/row/e8m0/amax", "e2m1/b12/row/ue4m3/floor",
            "mxfp4/rtz", "mxfp8_e4m3/rna", "mxfp8_e4m3/nosat", "mxfp8_e5m2/nosat", "e2m1/b32/row/e8m0/floor/ftz",
            "e4m3:bias=20/b32/row/e8m0/floor", "int8/b32/row/e8m0/floor", "bf16/b32/row/e8m0/floor",
            "int4/b32/row/fp32/amax", "int3/b128/row/fp32/amax", "int2/b7/row/fp32/amax", "int8/row/fp32/amax",
            "int4/row/fp32/amax", "int8/tensor/fp32/amax", "int4/b16/row/fp32/amax/sr/seed=11",
            "mxfp4/sr/seed=5", "nvfp4/sr/seed=9", "e3m2/b6/row/fp32/amax/sr/seed=77", "e4m3/col/fp32/amax/sr/seed=3",
            // the anchors' modes (docs/FORMATS.md, "Reproducing the libraries")
            "mxfp8-te", "nvfp4-torchao", "e2m1/b32/row/e8m0/rceil", "e3m2/b16/row/e8m0/even", "e4m3/b32/row/e8m0/pceil",
            "e5m2/b7/row/fp32/rceil", "e4m3/b32/row/e8m0/floor/compat=qpytorch", "e5m2/b8/row/fp32/amax/compat=qpytorch/sr/seed=4",
            "e2m1/b16x16/e4m3/amax/ts", "e4m3/b4x8/e8m0/rceil", "e2m1/b3x5/e4m3/amax/ts=torchao/sr/seed=2",
            "e2m1/b5/row/e4m3/amax/ts=torchao", "e3m2/b2x2/fp32/amax/compat=qpytorch",
            // QPyTorch's cast at E = 1 and E = 8, and e4m3:finite, whose codes hold QPyTorch's e4m3 grid (max 480)
            "e1m2/b6/row/fp32/amax/compat=qpytorch", "e1m1/b16/row/e8m0/floor/compat=qpytorch/sr/seed=8",
            "bf16/b16/row/fp32/amax/compat=qpytorch", "e8m3:ieee/b32/row/e8m0/floor/compat=qpytorch/sr/seed=6",
            "e4m3:finite/b32/row/e8m0/floor/compat=qpytorch");

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String b : BackendFixture.UNDER_TEST) {
            for (String s : SCHEMES) {
                BlockScheme scheme = BlockSchemes.parse(s);
                all.add(Arguments.of(b, scheme));
                if (!scheme.transposed().equals(scheme)) {
                    all.add(Arguments.of(b, scheme.transposed()));
                }
            }
        }
        return all.stream();
    }

    /** Two kinds of data per shape, cycling so that every shape meets every kind over the suite. */
    static List<float[]> inputs(int shape, int rows, int cols) {
        BlockInputs.Kind[] k = BlockInputs.Kind.values();
        if (SANITIZED) {
            return List.of(BlockInputs.of(k[shape % k.length], rows, cols, shape));
        }
        return List.of(BlockInputs.of(k[shape % k.length], rows, cols, shape),
                BlockInputs.of(k[(shape + 3) % k.length], rows, cols, shape + 100));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void fakeQuantizeMatchesReference(String backend, BlockScheme s) {
        Backend b = BackendFixture.get(backend);
        for (int i = 0; i < SHAPES.length; i++) {
            int rows = SHAPES[i][0];
            int cols = SHAPES[i][1];
            for (float[] x : inputs(i, rows, cols)) {
                float[] expected = BlockQuantizer.fakeQuantize(x, rows, cols, 3, s);
                BitAssert.floatsEqual(expected, BlockArrays.fakeQuantize(b, x, rows, cols, 3, s), x,
                        backend + " " + s + " fake-quantize " + rows + "×" + cols);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void quantizeAndDequantizeMatchReference(String backend, BlockScheme s) {
        Assumptions.assumeTrue(s.element().format().hasCodes(), s + ": the element format has no codes");
        Backend b = BackendFixture.get(backend);
        if (s.element().compat() == Compat.QPYTORCH && !QPyTorchCast.codesHold(s.element().format())) {
            // QPyTorch's grid reaches past the element format's codes: every backend refuses, as the reference does
            float[] x = inputs(0, 3, 33).get(0);
            assertThrows(IllegalArgumentException.class, () -> BlockQuantizer.quantize(x, 3, 33, 7, s));
            assertThrows(IllegalArgumentException.class, () -> BlockArrays.quantize(b, x, 3, 33, 7, s));
            return;
        }
        for (int i = 0; i < SHAPES.length; i++) {
            int rows = SHAPES[i][0];
            int cols = SHAPES[i][1];
            for (float[] x : inputs(i, rows, cols)) {
                String what = backend + " " + s + " " + rows + "×" + cols;
                BlockCodes expected = BlockQuantizer.quantize(x, rows, cols, 7, s);
                BlockCodes got = BlockArrays.quantize(b, x, rows, cols, 7, s);
                BitAssert.bytesEqual(expected.codes(), got.codes(), what + " element codes");
                if (expected.scaleCodes() != null) {
                    BitAssert.bytesEqual(expected.scaleCodes(), got.scaleCodes(), what + " scale codes");
                } else {
                    BitAssert.floatsEqual(expected.scaleValues(), got.scaleValues(), null, what + " scale values");
                }
                assertEquals(Float.floatToRawIntBits(expected.tensorScale()), Float.floatToRawIntBits(got.tensorScale()),
                        what + " tensor scale");
                BitAssert.floatsEqual(BlockQuantizer.dequantize(expected), BlockArrays.dequantize(b, expected), null,
                        what + " dequantize");
            }
        }
    }

    /** Views at every offset mod 4 (the 16-byte path falls back), and in place. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void viewsAndInPlace(String backend) {
        Backend b = BackendFixture.get(backend);
        int rows = 9;
        int cols = 64;
        int n = rows * cols;
        float[] all = BlockInputs.of(BlockInputs.Kind.RANGE, 1, n + 8, 4);
        for (BlockScheme s : List.of(BlockSchemes.MXFP8_E4M3, BlockSchemes.NVFP4.withRounding(io.exmy.format.Rounding.SR),
                BlockSchemes.MXFP4.transposed())) {
            for (int off = 0; off < 4; off++) {
                float[] x = Arrays.copyOfRange(all, off, off + n);
                float[] expected = BlockQuantizer.fakeQuantize(x, rows, cols, 0, s);
                try (DeviceBuffer in = b.upload(all); DeviceBuffer out = b.allocate(DType.F32, n + 8)) {
                    b.fakeQuantize(in.slice(off, n), out.slice(3 - off, n), rows, cols, 0, s);
                    float[] got = Arrays.copyOfRange(b.downloadFloats(out), 3 - off, 3 - off + n);
                    BitAssert.floatsEqual(expected, got, x, backend + " " + s + " view at " + off);
                    b.fakeQuantize(in.slice(off, n), in.slice(off, n), rows, cols, 0, s);
                    got = Arrays.copyOfRange(b.downloadFloats(in), off, off + n);
                    BitAssert.floatsEqual(expected, got, x, backend + " " + s + " in place at " + off);
                }
            }
        }
    }

    /** Stochastic bits follow (seed, flat index): a tensor quantized in slices of whole blocks equals one call. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void stochasticRoundingIsSliceInvariant(String backend) {
        Backend b = BackendFixture.get(backend);
        BlockScheme s = BlockSchemes.parse("mxfp4/sr/seed=12345");
        int rows = 12;
        int cols = 72;
        float[] x = BlockInputs.of(BlockInputs.Kind.GAUSSIAN, rows, cols, 8);
        float[] whole = BlockQuantizer.fakeQuantize(x, rows, cols, 0, s);
        float[] sliced = new float[x.length];
        int[] cuts = {0, 1, 5, 12};
        for (int c = 0; c + 1 < cuts.length; c++) {
            int from = cuts[c] * cols;
            int to = cuts[c + 1] * cols;
            float[] part = BlockArrays.fakeQuantize(b, Arrays.copyOfRange(x, from, to), cuts[c + 1] - cuts[c], cols, from, s);
            System.arraycopy(part, 0, sliced, from, part.length);
        }
        BitAssert.floatsEqual(whole, sliced, x, backend + " sliced stochastic block quantization");
    }

    /** Empty tensors write nothing but the tensor scale of an empty tensor (amax 0). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void emptyTensors(String backend) {
        Backend b = BackendFixture.get(backend);
        for (int[] shape : new int[][] {{0, 5}, {3, 0}, {0, 0}}) {
            for (BlockScheme s : List.of(BlockSchemes.NVFP4, BlockSchemes.MXFP4.transposed(), BlockSchemes.parse("e4m3/tensor/fp32/amax"))) {
                float[] y = BlockArrays.fakeQuantize(b, new float[0], shape[0], shape[1], 0, s);
                assertEquals(0, y.length);
                BlockCodes c = BlockArrays.quantize(b, new float[0], shape[0], shape[1], 0, s);
                BlockCodes r = BlockQuantizer.quantize(new float[0], shape[0], shape[1], 0, s);
                assertEquals(Float.floatToRawIntBits(r.tensorScale()), Float.floatToRawIntBits(c.tensorScale()), backend + " " + s);
            }
        }
    }

    /** Bad buffers fail before any native code runs, with the same message on every backend. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void badArgumentsAreRejected(String backend) {
        Backend b = BackendFixture.get(backend);
        BlockScheme s = BlockSchemes.NVFP4;
        try (DeviceBuffer x = b.allocate(DType.F32, 32); DeviceBuffer codes = b.allocate(DType.U8, 16);
             DeviceBuffer scales = b.allocate(DType.U8, 2); DeviceBuffer small = b.allocate(DType.U8, 1);
             DeviceBuffer ts = b.allocate(DType.F32, 1)) {
            assertMessage(() -> b.fakeQuantize(x, x, 2, 17, 0, s), "34 needed");
            assertMessage(() -> b.quantize(x, codes, small, ts, 1, 32, 0, s), "block scales holds 1 elements, 2 needed");
            assertMessage(() -> b.quantize(x, codes, scales, null, 1, 32, 0, s), "has a tensor scale");
            assertMessage(() -> b.quantize(x, scales, scales, ts, 1, 32, 0, s), "element codes holds 2 elements, 16 needed");
            assertMessage(() -> b.quantize(x, codes, x, ts, 1, 32, 0, s), "block scales must be U8");
            assertMessage(() -> b.dequantize(codes, scales, ts, x, 1, 33, s), "33 needed");
            assertMessage(() -> b.fakeQuantize(x, JAVA.allocate(DType.F32, 32), 1, 32, 0, s), "was passed to backend");
        }
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
