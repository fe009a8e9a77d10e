package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.block.BlockShape.Axis;
import io.exmy.transform.Hadamard;
import io.exmy.transform.HadamardSpec;
import java.util.ArrayList;
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
 * Also: in place (in == out), and bad shapes fail alike everywhere.
 */
@Tag("kernels")
class HadamardConformanceTest {
    static final Backend JAVA = new io.exmy.backend.java.JavaBackend();
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
        int[][] shapes = SANITIZED ? new int[][] {{3, 2}} : new int[][] {{1, 1}, {3, 2}, {5, 3}, {7, 4}, {2, 70}};
        for (int[] sh : shapes) {
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
