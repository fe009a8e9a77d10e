package io.exmy.backend;

import io.exmy.backends.Backends;
import io.exmy.matmul.GemmInputs;
import io.exmy.matmul.GemmShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact GEMM of every backend against the Java reference, bit for bit, over the whole output
 * buffer (so gaps between rows and batches that the GEMM must not touch are checked too): sizes
 * that divide no tile, both transposes, batches with strides (and a broadcast operand), leading
 * dimensions, accumulation, views at unaligned offsets, and adversarial data — huge dynamic range,
 * overflow, NaN and infinities, zeros of both signs, subnormal and underflowing products, random
 * bit patterns.
 */
@Tag("kernels")
class GemmConformanceTest {
    static final Backend JAVA = Backends.open("java");

    /** Products of every size class: one element, edges of both tile shapes, a long k, k = 0. */
    static final int[][] SIZES = {{1, 1, 1}, {67, 45, 129}, {128, 128, 128}, {130, 257, 33}, {3, 2, 1000},
        {5, 7, 0}, {0, 4, 3}};

    /** One GEMM on one layout: shape, operand view offsets, and the data kind of A, B and C. */
    record Case(String name, GemmShape shape, int aOff, int bOff, int cOff, GemmInputs.Kind kind) {
        @Override
        public String toString() {
            return name + " " + kind;
        }
    }

    static Stream<Arguments> withBackends(List<Case> cases) {
        return BackendFixture.UNDER_TEST.stream().flatMap(b -> cases.stream().map(c -> Arguments.of(b, c)));
    }

    static Stream<Arguments> sizes() {
        List<Case> cases = new ArrayList<>();
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                cases.add(new Case(s[0] + "x" + s[1] + "x" + s[2] + (ta ? " transA" : "") + (tb ? " transB" : ""),
                        GemmShape.of(s[0], s[1], s[2], ta, tb), 0, 0, 0, GemmInputs.Kind.GAUSSIAN));
            }
        }
        return withBackends(cases);
    }

    static Stream<Arguments> data() {
        List<Case> cases = new ArrayList<>();
        for (GemmInputs.Kind kind : GemmInputs.Kind.values()) {
            cases.add(new Case("67x45x129", GemmShape.of(67, 45, 129, false, false), 0, 0, 0, kind));
            cases.add(new Case("130x257x33 transB accumulate", GemmShape.of(130, 257, 33, false, true).accumulating(true),
                    0, 0, 0, kind));
        }
        return withBackends(cases);
    }

    static Stream<Arguments> layouts() {
        GemmInputs.Kind g = GemmInputs.Kind.GAUSSIAN;
        GemmInputs.Kind dyn = GemmInputs.Kind.DYNAMIC_RANGE;
        List<Case> cases = new ArrayList<>();
        // batches with gaps between them, every transpose
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            GemmShape s = GemmShape.of(33, 20, 17, ta, tb);
            cases.add(new Case("batched gaps" + (ta ? " transA" : "") + (tb ? " transB" : ""),
                    s.batched(3, 33 * 17 + 5, 17 * 20 + 3, 33 * 20 + 7), 0, 0, 0, dyn));
        }
        // the same weights for every batch (stride 0), accumulating
        cases.add(new Case("broadcast B", GemmShape.of(21, 30, 40, false, true).batched(4, 21 * 40, 0, 21 * 30)
                .accumulating(true), 0, 0, 0, g));
        // leading dimensions beyond the rows: sub-matrices
        cases.add(new Case("leading dims", GemmShape.of(45, 38, 29, false, false).withLeadingDims(29 + 3, 38 + 5, 38 + 2),
                0, 0, 0, dyn));
        cases.add(new Case("leading dims transA transB",
                GemmShape.of(45, 38, 29, true, true).withLeadingDims(45 + 1, 29 + 6, 38 + 1), 0, 0, 0, g));
        // views at every offset mod 4: no 16-byte loads or stores may be used
        for (int off = 1; off < 4; off++) {
            cases.add(new Case("views at +" + off, GemmShape.of(70, 66, 35, false, false), off, 4 - off, off, g));
            cases.add(new Case("views at +" + off + " large tiles", GemmShape.of(130, 257, 33, true, false)
                    .accumulating(true), off, off, 4 - off, g));
        }
        // attention in the training harness's layout: heads side by side in (T, H·D) tensors
        int t = 37;
        int h = 3;
        int d = 16;
        cases.add(new Case("attention Q·Kᵀ per head", new GemmShape(t, t, d, false, true, h * d, h * d, t, h, d, d,
                (long) t * t, false), 0, 0, 0, g));
        cases.add(new Case("attention P·V per head", new GemmShape(t, d, t, false, false, t, h * d, h * d, h,
                (long) t * t, d, d, false), 0, 0, 0, g));
        // the training GEMMs: Y = X·Wᵀ, dX = dY·W, dW += dYᵀ·X
        cases.add(new Case("Y = X·Wᵀ", GemmShape.of(50, 72, 48, false, true), 0, 0, 0, g));
        cases.add(new Case("dX = dY·W", GemmShape.of(50, 48, 72, false, false), 0, 0, 0, g));
        cases.add(new Case("dW += dYᵀ·X", GemmShape.of(72, 48, 50, true, false).accumulating(true), 0, 0, 0, g));
        return withBackends(cases);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sizes")
    void sizesMatchReference(String backend, Case c) {
        check(backend, c);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("data")
    void adversarialDataMatchesReference(String backend, Case c) {
        check(backend, c);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layouts")
    void layoutsMatchReference(String backend, Case c) {
        check(backend, c);
    }

    /**
     * An accumulated −0 stays −0 when every product is −0 (−0 + −0 = −0): a kernel that pads k
     * with zeros would add +0 and turn it into +0. K = 13 leaves a partial k tile in every kernel.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void accumulatedNegativeZeroSurvivesPartialKTiles(String backend) {
        GemmShape s = GemmShape.of(130, 131, 13, false, false).accumulating(true);
        float[] a = new float[(int) s.aExtent()];
        float[] b = new float[(int) s.bExtent()];
        float[] c = new float[(int) s.cExtent()];
        Arrays.fill(a, -0.0f);
        Arrays.fill(b, 1.5f);
        Arrays.fill(c, -0.0f);
        float[] got = run(BackendFixture.get(backend), s, a, 0, b, 0, c, 0);
        for (int i = 0; i < got.length; i++) {
            if (Float.floatToRawIntBits(got[i]) != 0x80000000) {
                throw new AssertionError(backend + ": C[" + i + "] = " + got[i] + ", expected -0.0");
            }
        }
        BitAssert.floatsEqual(run(JAVA, s, a, 0, b, 0, c, 0), got, null, backend + " −0 accumulation");
    }

    static void check(String backend, Case c) {
        Backend b = BackendFixture.get(backend);
        GemmShape s = c.shape();
        long seed = c.toString().hashCode();
        float[] a = GemmInputs.generate(c.kind(), (int) s.aExtent() + c.aOff(), seed);
        float[] bm = GemmInputs.generate(c.kind(), (int) s.bExtent() + c.bOff(), seed + 1);
        // the initial C: data to accumulate onto, or NaN garbage that every output must overwrite
        float[] c0 = s.accumulate() ? GemmInputs.generate(c.kind(), (int) s.cExtent() + c.cOff(), seed + 2)
                : GemmInputs.generate(GemmInputs.Kind.SPECIALS, (int) s.cExtent() + c.cOff(), seed + 2);
        float[] expected = run(JAVA, s, a, c.aOff(), bm, c.bOff(), c0, c.cOff());
        float[] got = run(b, s, a, c.aOff(), bm, c.bOff(), c0, c.cOff());
        BitAssert.floatsEqual(expected, got, c0, backend + " gemm " + c + " " + s);
    }

    /** C after the GEMM on backend {@code b}, with each operand a view at its offset. */
    static float[] run(Backend b, GemmShape s, float[] a, int aOff, float[] bm, int bOff, float[] c, int cOff) {
        try (DeviceBuffer da = b.upload(a); DeviceBuffer db = b.upload(bm); DeviceBuffer dc = b.upload(c)) {
            b.gemm(s, da.slice(aOff, a.length - aOff), db.slice(bOff, bm.length - bOff), dc.slice(cOff, c.length - cOff));
            return b.downloadFloats(dc);
        }
    }
}
