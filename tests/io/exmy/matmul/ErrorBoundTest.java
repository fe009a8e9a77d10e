package io.exmy.matmul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The error bound checked where it can be on the CPU: the exact GEMM's FMA chains against float32
 * sums of the same products in other orders (reversed, pairwise), both IEEE round-to-nearest, so
 * {@link ErrorBound#tolerance} with u = 2^−24 on both sides must hold on every output, for
 * adversarial data too. A constructed worst case shows the bound is nearly attained, so it is not
 * vacuous, and that a smaller unit roundoff would be violated.
 */
class ErrorBoundTest {
    interface Order {
        float sum(float[] a, float[] b, float c0, boolean accumulate);
    }

    /** Products rounded, then added from the last k down to the first, and C last. */
    static final Order REVERSED = (a, b, c0, acc) -> {
        float s = 0;
        for (int k = a.length - 1; k >= 0; k--) {
            float p = a[k] * b[k];
            s = s + p;
        }
        return acc ? s + c0 : s;
    };

    /** Products rounded, summed as a balanced binary tree, C first. */
    static final Order PAIRWISE = (a, b, c0, acc) -> {
        float[] t = new float[a.length + (acc ? 1 : 0)];
        for (int k = 0; k < a.length; k++) {
            t[k + (acc ? 1 : 0)] = a[k] * b[k];
        }
        if (acc) {
            t[0] = c0;
        }
        return pairwise(t, 0, t.length);
    };

    static float pairwise(float[] t, int from, int to) {
        if (to - from == 0) {
            return 0;
        }
        if (to - from == 1) {
            return t[from];
        }
        int mid = (from + to) >>> 1;
        return pairwise(t, from, mid) + pairwise(t, mid, to);
    }

    /** C (m×n, packed) by {@code order} for every output. */
    static float[] gemmInOrder(GemmShape s, float[] a, float[] b, float[] c0, Order order) {
        float[] c = c0.clone();
        float[] ak = new float[s.k()];
        float[] bk = new float[s.k()];
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                for (int k = 0; k < s.k(); k++) {
                    ak[k] = a[(int) s.aIndex(i, k)];
                    bk[k] = b[(int) s.bIndex(k, j)];
                }
                c[i * s.ldc() + j] = order.sum(ak, bk, c0[i * s.ldc() + j], s.accumulate());
            }
        }
        return c;
    }

    static ErrorBound.Report compare(GemmShape s, float[] a, float[] b, float[] c0, Order order, double u) {
        float[] exact = c0.clone();
        ExactGemm.gemm(s, a, 0, b, 0, exact, 0);
        float[] other = gemmInOrder(s, a, b, c0, order);
        return ErrorBound.check(s, ErrorBound.elements(s, a, 0, b, 0, c0, 0, u, u), exact, other, 0);
    }

    @ParameterizedTest
    @EnumSource(GemmInputs.Kind.class)
    void boundHoldsForOtherSummationOrders(GemmInputs.Kind kind) {
        for (boolean acc : new boolean[] {false, true}) {
            GemmShape s = GemmShape.of(9, 11, 300, false, true).accumulating(acc);
            float[] a = GemmInputs.generate(kind, (int) s.aExtent(), 1);
            float[] b = GemmInputs.generate(kind, (int) s.bExtent(), 2);
            float[] c0 = GemmInputs.generate(kind, (int) s.cExtent(), 3);
            for (Order order : new Order[] {REVERSED, PAIRWISE}) {
                ErrorBound.Report r = compare(s, a, b, c0, order, ErrorBound.U_IEEE);
                assertTrue(r.ok(), kind + (acc ? " accumulating" : "") + ": " + r);
            }
        }
    }

    /**
     * 1 followed by K−1 products just above half an ulp of 1: the chain rounds every one of them up
     * to a whole ulp, the reversed sum adds them exactly first. Their difference is about half the
     * bound, and more than a bound with a four-times-smaller unit roundoff allows.
     */
    @Test
    void worstCaseNearlyAttainsTheBound() {
        int k = 1000;
        GemmShape s = GemmShape.of(1, 1, k, false, false);
        float[] a = new float[k];
        float[] b = new float[k];
        Arrays.fill(a, 0x1p-24f + 0x1p-46f);
        Arrays.fill(b, 1.0f);
        a[0] = 1.0f;
        ErrorBound.Report r = compare(s, a, b, new float[1], REVERSED, ErrorBound.U_IEEE);
        assertTrue(r.ok(), r.toString());
        assertTrue(r.worstRatio() > 0.4, "the worst case reaches " + r.worstRatio() + " of the bound");
        assertFalse(compare(s, a, b, new float[1], REVERSED, ErrorBound.U_IEEE / 4).ok(),
                "a bound with u = 2^-26 must be broken by the worst case");
    }

    @Test
    void nonFiniteOutputsAreDecidedByTheOperands() {
        GemmShape s = GemmShape.of(1, 1, 2, false, false);
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(ErrorBound.Kind.NAN, only(s, new float[] {Float.NaN, 1}, new float[] {1, 1}));
        assertEquals(ErrorBound.Kind.NAN, only(s, new float[] {inf, 1}, new float[] {0, 1}));
        assertEquals(ErrorBound.Kind.NAN, only(s, new float[] {inf, -inf}, new float[] {1, 1}));
        assertEquals(ErrorBound.Kind.POSITIVE_INFINITY, only(s, new float[] {inf, 1}, new float[] {2, 1}));
        assertEquals(ErrorBound.Kind.NEGATIVE_INFINITY, only(s, new float[] {inf, 1}, new float[] {-2, 1}));
        // finite products whose sum may overflow: either order may give inf, −inf or NaN
        assertEquals(ErrorBound.Kind.UNCONSTRAINED, only(s, new float[] {0x1p100f, 0x1p100f}, new float[] {0x1p28f, -1}));
        assertEquals(ErrorBound.Kind.UNCONSTRAINED, only(s, new float[] {inf, 0x1p127f}, new float[] {1, -2}));
        assertEquals(ErrorBound.Kind.BOUNDED, only(s, new float[] {0x1p100f, 3}, new float[] {0x1p20f, -1}));
    }

    private static ErrorBound.Kind only(GemmShape s, float[] a, float[] b) {
        return ErrorBound.elements(s, a, 0, b, 0, new float[1], 0, ErrorBound.U_IEEE, ErrorBound.U_TENSOR_CORE)[0].kind();
    }

    @Test
    void toleranceIsTheFormula() {
        // (γ_n(2^-24) + γ_n(2^-22))·S + 2n·2^-126 for n = 4096, S = 10
        double g1 = 4096 * 0x1p-24 / (1 - 4096 * 0x1p-24);
        double g2 = 4096 * 0x1p-22 / (1 - 4096 * 0x1p-22);
        assertEquals((g1 + g2) * 10 + 8192 * 0x1p-126, ErrorBound.fastVersusExact(4096, 10), 0);
        assertEquals(0, ErrorBound.fastVersusExact(0, 0));
    }
}
