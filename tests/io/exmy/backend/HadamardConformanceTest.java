package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backends.Backends;
import io.exmy.block.BlockShape.Axis;
import io.exmy.transform.Hadamard;
import io.exmy.transform.HadamardSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend against the reference {@link Hadamard}, bit for bit: every size from 2 to 256, TE's
 * signs, seeded and plain signs, forward and inverse, both axes, several vectors per row or column
 * and shapes whose other extent divides no CTA, on data that makes the butterfly round (random
 * float32 of wide range), overflow to ±inf, produce NaN (inf − inf, NaN inputs) and subnormals.
 * Also: in place (in == out), views at every offset mod 4, and bad shapes fail alike everywhere.
 *
 * <p>The kernels' paths ({@code cuda/hadamard.cu}): n ≤ 32 a thread per vector (rows: 16- or 8-byte
 * accesses when aligned, 4-byte otherwise), n ≥ 64 a warp per row vector, and a CTA per
 * n × 32 shared-memory tile of columns. The emulated device has 2 multiprocessors, so grids are at
 * most 16 CTAs (12 for the 256-row tiles), and the shapes make every grid-stride loop go round more
 * than once: 4133 vectors (n ≤ 32) pass 4096 threads, 140 row vectors 128 warps, 17 groups of n
 * rows of one column 16 tiles. 70 and 40 columns leave tiles 6 and 8 columns wide, and one vector is
 * a grid of one CTA with one busy thread or warp. Under the sanitizers (slower by far) the tiles
 * still outnumber the CTAs and span several warps' columns.
 */
@Tag("kernels")
class HadamardConformanceTest {
    static final Backend JAVA = Backends.open("java");
    static final boolean SANITIZED = System.getProperty("exmy.sanitizer") != null;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String b : BackendFixture.UNDER_TEST) {
            for (int n = 2; n <= HadamardSpec.MAX_SIZE; n <<= 1) {
                List<HadamardSpec> specs = new ArrayList<>(List.of(HadamardSpec.seeded(n, n), HadamardSpec.plain(n).inverted()));
                if (n == 16) {
                    specs.add(HadamardSpec.te16());
                    specs.add(HadamardSpec.te16().inverted());
                }
                for (HadamardSpec s : specs) {
                    for (Axis a : List.of(Axis.ROW, Axis.COL)) {
                        all.add(Arguments.of(b, s, a));
                    }
                }
            }
        }
        return all.stream();
    }

    /** Random float32 over a wide exponent range, with specials sprinkled in. */
    static float[] data(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(40);
            x[i] = switch (kind) {
                case 0 -> Float.NaN;
                case 1 -> Float.POSITIVE_INFINITY;
                case 2 -> Float.NEGATIVE_INFINITY;
                case 3 -> Float.MAX_VALUE;
                case 4 -> Float.MIN_VALUE * r.nextInt(1, 1000);
                case 5 -> 0.0f;
                case 6 -> -0.0f;
                default -> (float) ((r.nextBoolean() ? 1 : -1) * r.nextDouble(1, 2) * Math.pow(2, r.nextInt(-30, 30)));
            };
        }
        return x;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void matchesReference(String backend, HadamardSpec spec, Axis axis) {
        Backend be = BackendFixture.get(backend);
        int n = spec.size();
        for (int[] sh : shapes(n)) {
            // sh[0] vectors along the axis, sh[1] the other extent
            long rows = axis == Axis.ROW ? sh[1] : (long) sh[0] * n;
            long cols = axis == Axis.ROW ? (long) sh[0] * n : sh[1];
            float[] x = data(Math.toIntExact(rows * cols), rows * 31 + cols + n);
            float[] want = run(JAVA, x, rows, cols, axis, spec, false);
            float[] got = run(be, x, rows, cols, axis, spec, false);
            BitAssert.floatsEqual(want, got, x, backend + " " + spec + " " + axis + " " + rows + "x" + cols);
            float[] inPlace = run(be, x, rows, cols, axis, spec, true);
            BitAssert.floatsEqual(want, inPlace, x, backend + " in place " + spec + " " + axis);
        }
    }

    /** {vectors along the axis, the other extent}; under a sanitizer few, but still more tiles than CTAs. */
    static List<int[]> shapes(int n) {
        if (SANITIZED) {
            return List.of(new int[] {3, 2}, new int[] {2, 40}, new int[] {17, 1});
        }
        List<int[]> all = new ArrayList<>(List.of(new int[] {1, 1}, new int[] {3, 2}, new int[] {5, 3}, new int[] {7, 4},
                new int[] {2, 70}, new int[] {17, 1}));
        if (n <= 32) {
            all.add(new int[] {4133, 1}); // more vectors than the grid's 4096 threads
        }
        return all;
    }

    static Stream<Arguments> backendsAndSizes() {
        List<Arguments> all = new ArrayList<>();
        for (String b : BackendFixture.UNDER_TEST) {
            for (int n = 2; n <= HadamardSpec.MAX_SIZE; n <<= 1) {
                all.add(Arguments.of(b, n));
            }
        }
        return all.stream();
    }

    /**
     * Views at element offsets 0 to 3 of in and out (3 to 0), and in place at each: the row kernels'
     * 16-byte (8-byte for n = 2) accesses where both pointers allow them, 4-byte ones elsewhere.
     */
    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("backendsAndSizes")
    void viewsAtEveryOffset(String backend, int n) {
        Backend be = BackendFixture.get(backend);
        HadamardSpec spec = HadamardSpec.seeded(n, 3 * n + 1);
        for (Axis axis : List.of(Axis.ROW, Axis.COL)) {
            long rows = axis == Axis.ROW ? 3 : 5L * n;
            long cols = axis == Axis.ROW ? 5L * n : 3;
            int len = Math.toIntExact(rows * cols);
            float[] all = data(len + 3, n + 17);
            for (int off = 0; off < 4; off++) {
                float[] x = Arrays.copyOfRange(all, off, off + len);
                float[] want = Hadamard.transform(x, rows, cols, axis, spec);
                String what = backend + " " + spec + " " + axis + " in at " + off;
                try (DeviceBuffer in = be.upload(all); DeviceBuffer out = be.allocate(DType.F32, len + 3)) {
                    be.hadamard(in.slice(off, len), out.slice(3 - off, len), rows, cols, axis, spec);
                    BitAssert.floatsEqual(want, Arrays.copyOfRange(be.downloadFloats(out), 3 - off, 3 - off + len), x,
                            what + ", out at " + (3 - off));
                    be.hadamard(in.slice(off, len), in.slice(off, len), rows, cols, axis, spec);
                    BitAssert.floatsEqual(want, Arrays.copyOfRange(be.downloadFloats(in), off, off + len), x,
                            what + ", in place");
                }
            }
        }
    }

    static float[] run(Backend be, float[] x, long rows, long cols, Axis axis, HadamardSpec spec, boolean inPlace) {
        try (DeviceBuffer in = be.upload(x)) {
            if (inPlace) {
                be.hadamard(in, in, rows, cols, axis, spec);
                return be.downloadFloats(in);
            }
            try (DeviceBuffer out = be.allocate(DType.F32, x.length)) {
                be.hadamard(in, out, rows, cols, axis, spec);
                return be.downloadFloats(out);
            }
        }
    }

    static Stream<String> backends() {
        return BackendFixture.UNDER_TEST.stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badShapesFailWithTheSameMessage(String backend) {
        Backend be = BackendFixture.get(backend);
        try (DeviceBuffer in = be.allocate(DType.F32, 48); DeviceBuffer out = be.allocate(DType.F32, 48)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> be.hadamard(in, out, 4, 12, Axis.ROW, HadamardSpec.te16()));
            assertTrue(e.getMessage().contains("must divide the transformed axis: 12 columns"), e.getMessage());
            IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                    () -> be.hadamard(in, out, 4, 12, Axis.TENSOR, HadamardSpec.plain(4)));
            assertTrue(t.getMessage().contains("not the whole tensor"), t.getMessage());
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> be.hadamard(in, out, 16, 16, Axis.COL, HadamardSpec.te16()));
            assertTrue(small.getMessage().contains("Hadamard input holds 48 elements, 256 needed"), small.getMessage());
            be.hadamard(in, out, 0, 16, Axis.ROW, HadamardSpec.te16()); // empty: nothing to do
            assertEquals(48, out.length());
        }
    }
}
