package io.exmy.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backend.BlockArrays;
import io.exmy.backends.Backends;
import io.exmy.block.BlockCodes;
import io.exmy.block.BlockInputs;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed commands' engines with tiny chunk budgets against one call on the whole array, bit for
 * bit, on every backend: so every cut the chunking rules allow — runs of rows, pieces of a row,
 * short last block-rows, block-rows larger than the budget, the extra amax row — is hit, with
 * stochastic rounding keyed by the global element index.
 */
class StreamingEqualsWholeTest {
    /**
     * 1: every cut a rule allows; then budgets below, at and above a row (of 14, 17 or 37) and a
     * block-row; last: one chunk. The emulated kernels cost milliseconds a launch, so {@code emu} takes
     * fewer budgets and one scheme per block layout.
     */
    static final long[] BUDGETS = {1, 5, 20, 60, 1 << 20};
    static final long[] EMU_BUDGETS = {3, 36, 1 << 20};

    static long[] budgets(String backend) {
        return backend.equals("emu") ? EMU_BUDGETS : BUDGETS;
    }

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.concat(Stream.of("java"), BackendFixture.underTest());
    }

    static Backend backend(String name) {
        return name.equals("java") ? Backends.open("java") : BackendFixture.get(name);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void castValuesAndCodes(String name) throws IOException {
        Backend b = backend(name);
        for (long[] shape : List.of(new long[] {97}, new long[] {13, 17}, new long[] {3, 5, 7}, new long[] {})) {
            int n = (int) NpyArray.elements(shape);
            float[] x = BlockInputs.of(BlockInputs.Kind.SPECIALS, 1, n, n);
            Path in = save("x.npy", NpyArray.ofFloats(x, shape));
            long cols = shape.length == 0 ? 1 : shape[shape.length - 1];
            long rows = n / cols;
            for (CastSpec spec : List.of(CastSpec.of(Format.E4M3), new CastSpec(Format.E2M1, Rounding.SR, true, false, 7),
                    new CastSpec(Format.E5M2, Rounding.SR, false, false, 3))) {
                float[] whole = b.cast(x, spec);
                byte[] wholeCodes = b.encode(x, rows, cols, spec);
                for (long budget : budgets(name)) {
                    String what = name + " " + spec + " " + NpyArray.shapeString(shape) + " budget " + budget;
                    NpyArray y = streamed("y.npy", out -> {
                        try (NpyReader r = NpyReader.open(in)) {
                            StreamCast.cast(b, r, out, dir.resolve("y.npy"), spec, budget);
                        }
                    });
                    assertArrayEquals(shape, y.shape(), what);
                    assertArrayEquals(bits(whole), bits(y.f32()), what);
                    NpyArray c = streamed("c.npy", out -> {
                        try (NpyReader r = NpyReader.open(in)) {
                            StreamCast.encode(b, r, out, dir.resolve("c.npy"), spec, budget);
                        }
                    });
                    assertArrayEquals(wholeCodes, c.u8(), what);
                    Path codes = dir.resolve("c.npy");
                    NpyArray d = streamed("d.npy", out -> {
                        try (NpyReader r = NpyReader.open(codes)) {
                            StreamCast.decode(b, r, cols, spec.format(), out, dir.resolve("d.npy"), budget);
                        }
                    });
                    assertArrayEquals(shape, d.shape(), what);
                    assertArrayEquals(bits(b.decode(wholeCodes, rows, cols, spec.format())), bits(d.f32()), what);
                }
            }
        }
    }

    /** Every block layout, single- and two-level, along rows, columns, tiles, per row, column and tensor. */
    static final List<String> SCHEMES = List.of(
            "mxfp4", "mxfp8_e4m3/sr/seed=5", "e4m3/b5/row/e8m0/ceil", "nvfp4", "nvfp4-torchao/sr/seed=9",
            "mxfp4/col", "e2m1/b3/col/e4m3/amax/ts/sr/seed=2", "e2m1/b4x3/e4m3/amax/ts", "e4m3/b2x8/e8m0/rceil/sr/seed=4",
            "e4m3/row/fp32/amax", "e2m1/row/e4m3/amax/ts", "e4m3/col/e8m0/floor", "e2m1/col/e4m3/amax/ts/sr/seed=6",
            "e4m3/tensor/fp32/amax/sr/seed=8", "int4/tensor/fp32/amax", "e2m1/tensor/e4m3/amax/ts=torchao");

    /** Per layout on emu: along rows (one- and two-level), down columns, tiles, per row, column and tensor. */
    static final List<String> EMU_SCHEMES = List.of("mxfp4", "nvfp4", "e2m1/b3/col/e4m3/amax/ts/sr/seed=2",
            "e2m1/b4x3/e4m3/amax/ts", "e4m3/row/fp32/amax", "e2m1/col/e4m3/amax/ts/sr/seed=6",
            "e4m3/tensor/fp32/amax/sr/seed=8");

    @ParameterizedTest
    @MethodSource("backends")
    void quantizeAndDequantize(String name) throws IOException {
        Backend b = backend(name);
        // Rows of 14 (even) and 9 (odd) elements, more rows than a tile and not a multiple of one, one row, 1-D.
        int[][] shapes = name.equals("emu") ? new int[][] {{9, 14}, {37}} : new int[][] {{9, 14}, {7, 9}, {1, 37}, {37}};
        for (int[] shape : shapes) {
            boolean oneD = shape.length == 1;
            int rows = oneD ? 1 : shape[0];
            int cols = shape[shape.length - 1];
            // NaN, inf and zeros in the even-width shape, ordinary values in the others: one NaN takes over every
            // block of a two-level scheme, so both are needed.
            for (BlockInputs.Kind kind : new BlockInputs.Kind[] {cols % 2 == 0 ? BlockInputs.Kind.SPECIALS
                    : BlockInputs.Kind.GAUSSIAN}) {
                float[] x = BlockInputs.of(kind, rows, cols, rows + cols);
                long[] lshape = oneD ? new long[] {cols} : new long[] {rows, cols};
                Path in = save("x.npy", NpyArray.ofFloats(x, lshape));
                for (String text : name.equals("emu") ? EMU_SCHEMES : SCHEMES) {
                    BlockScheme s = BlockSchemes.parse(text);
                    float[] whole = BlockArrays.fakeQuantize(b, x, rows, cols, 0, s);
                    BlockCodes wc = BlockArrays.quantize(b, x, rows, cols, 0, s);
                    float[] wholeBack = BlockArrays.dequantize(b, wc);
                    for (long budget : budgets(name)) {
                        String what = name + " " + text + " " + kind + " " + NpyArray.shapeString(lshape) + " budget " + budget;
                        Path y = dir.resolve("y.npy");
                        Path c = dir.resolve("c.npy");
                        Path sc = dir.resolve("s.npy");
                        Path ts = s.tensorScale() ? dir.resolve("t.npy") : null;
                        try (NpyReader r = NpyReader.open(in); OutputBatch batch = OutputBatch.of(y, c, sc, ts)) {
                            StreamQuantize.run(b, r, s, batch, new StreamQuantize.Targets(y, c, sc, ts), budget);
                            batch.commit();
                        }
                        NpyArray values = Npy.read(y);
                        assertArrayEquals(lshape, values.shape(), what);
                        assertArrayEquals(bits(whole), bits(values.f32()), what + ": values");
                        assertArrayEquals(wc.codes(), Npy.read(c).u8(), what + ": codes");
                        NpyArray scales = Npy.read(sc);
                        if (wc.scaleCodes() != null) {
                            assertArrayEquals(wc.scaleCodes(), scales.u8(), what + ": scales");
                        } else {
                            assertArrayEquals(bits(wc.scaleValues()), bits(scales.f32()), what + ": scales");
                        }
                        float tensorScale = 0f;
                        if (ts != null) {
                            tensorScale = Npy.read(ts).f32()[0];
                            assertEquals(Float.floatToRawIntBits(wc.tensorScale()), Float.floatToRawIntBits(tensorScale),
                                    what + ": tensor scale");
                        }
                        float tsv = tensorScale;
                        NpyArray back = streamed("back.npy", out -> {
                            try (NpyReader cr = NpyReader.open(c); NpyReader sr = NpyReader.open(sc)) {
                                StreamDequantize.run(b, cr, sr, tsv, rows, cols, s, out, dir.resolve("back.npy"), lshape,
                                        budget);
                            }
                        });
                        assertArrayEquals(bits(wholeBack), bits(back.f32()), what + ": dequantized");
                    }
                }
            }
        }
    }

    interface Run {
        void run(OutputBatch batch) throws IOException;
    }

    /** Runs a streamed engine into a batch holding {@code name}, commits, reads the result back. */
    private NpyArray streamed(String name, Run run) throws IOException {
        Path p = dir.resolve(name);
        try (OutputBatch batch = OutputBatch.of(p)) {
            run.run(batch);
            batch.commit();
        }
        return Npy.read(p);
    }

    private Path save(String name, NpyArray a) throws IOException {
        Path p = dir.resolve(name);
        Npy.write(p, a);
        return p;
    }

    static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }
}
