package io.exmy.ops;

/**
 * The reduction order every backend follows, written out literally (docs/TRAINING_OPS.md, "Reduction
 * orders"). A row of n values v(0) … v(n−1) is reduced by {@code lanes} threads (32: one warp; a
 * multiple of 32: a block of warps):
 *
 * <ol>
 *   <li>thread t accumulates v(t), v(t + lanes), v(t + 2·lanes), … in that order, starting from +0;</li>
 *   <li>each warp of 32 consecutive threads combines its accumulators by the xor butterfly: for
 *       offset 16, 8, 4, 2, 1, lane l takes a[l] + a[l xor offset] (addition is commutative, so every
 *       lane ends with the same bits);</li>
 *   <li>with more than one warp, the warp totals (padded with +0 to 32) are combined by the same
 *       butterfly.</li>
 * </ol>
 *
 * The same order with {@code acc = fma(a(j), b(j), acc)} in step 1 is a dot product.
 */
public final class LaneOrder {
    public static final int WARP = 32;

    private LaneOrder() {
    }

    /** A float-valued function of an index (a row element). */
    @FunctionalInterface
    public interface FloatAt {
        float at(int j);
    }

    /** Σ v(j) for j &lt; n in the lane order of {@code lanes} threads. */
    public static float sum(int n, int lanes, FloatAt v) {
        float[] acc = new float[lanes];
        for (int t = 0; t < lanes; t++) {
            float a = 0.0f;
            for (int j = t; j < n; j += lanes) {
                a += v.at(j);
            }
            acc[t] = a;
        }
        return combine(acc);
    }

    /** Σ a(j)·b(j) for j &lt; n, each thread's accumulator a fused multiply-add chain. */
    public static float dot(int n, int lanes, FloatAt a, FloatAt b) {
        float[] acc = new float[lanes];
        for (int t = 0; t < lanes; t++) {
            float s = 0.0f;
            for (int j = t; j < n; j += lanes) {
                s = Math.fma(a.at(j), b.at(j), s);
            }
            acc[t] = s;
        }
        return combine(acc);
    }

    /** Steps 2 and 3: the per-thread accumulators (a multiple of 32 of them) to one total. */
    public static float combine(float[] acc) {
        if (acc.length % WARP != 0 || acc.length == 0 || acc.length > WARP * WARP) {
            throw new IllegalArgumentException("lane counts are multiples of 32 up to 1024, got " + acc.length);
        }
        int warps = acc.length / WARP;
        float[] totals = new float[WARP];
        for (int w = 0; w < warps; w++) {
            totals[w] = butterfly(acc, w * WARP);
        }
        return warps == 1 ? totals[0] : butterfly(totals, 0);
    }

    /** The xor butterfly over a[off … off+31]: the value every lane holds at the end. */
    public static float butterfly(float[] a, int off) {
        float[] x = java.util.Arrays.copyOfRange(a, off, off + WARP);
        float[] y = new float[WARP];
        for (int s = WARP / 2; s >= 1; s >>= 1) {
            for (int l = 0; l < WARP; l++) {
                y[l] = x[l] + x[l ^ s];
            }
            float[] t = x;
            x = y;
            y = t;
        }
        return x[0];
    }

    /** The maximum of v(j), j &lt; n ({@link ExmyMath#max} is exact and symmetric, so order is irrelevant); −inf if n = 0. */
    public static float max(int n, FloatAt v) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            m = ExmyMath.max(m, v.at(j));
        }
        return m;
    }
}
