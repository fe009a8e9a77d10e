package io.exmy.ops;

import java.util.stream.IntStream;

/**
 * The fused classifier: softmax + cross-entropy over each row of logits, and the gradient of the loss
 * with respect to the logits, in one pass over the row after one online pass for max and sum
 * (twin: {@code cuda/crossentropy.cu}, one block of {@link #LANES} threads per row).
 */
public final class CrossEntropy {
    /** Threads that reduce one row. */
    public static final int LANES = 256;

    private CrossEntropy() {
    }

    /** A running (max, Σ exp(x − max)) pair. */
    record MaxSum(float max, float sum) {
        static final MaxSum EMPTY = new MaxSum(Float.NEGATIVE_INFINITY, 0.0f);

        /** Adds one value: a new maximum rescales the sum, s·exp(m − x) + 1; otherwise s + exp(x − m). */
        MaxSum add(float x) {
            boolean up = x > max;
            float e = ExmyMath.exp(up ? max - x : x - max);
            return up ? new MaxSum(x, sum * e + 1.0f) : new MaxSum(max, sum + e);
        }

        /** Combines two pairs: M = max, S = rescale(s1, m1) + rescale(s2, m2) (commutative). */
        MaxSum combine(MaxSum o) {
            float m = ExmyMath.max(max, o.max);
            return new MaxSum(m, rescale(sum, max, m) + rescale(o.sum, o.max, m));
        }

        /** s·exp(mi − m), or s itself when mi = m (which also covers −inf = −inf). */
        static float rescale(float s, float mi, float m) {
            return mi == m ? s : s * ExmyMath.exp(mi - m);
        }
    }

    /**
     * (max, Σ exp(x − max)) over x[0 … V): thread t folds x[t], x[t+256], … with {@link MaxSum#add}
     * from (−inf, 0); the 256 pairs are combined by the butterfly of {@link LaneOrder} with
     * {@link MaxSum#combine} (each warp, then the 8 warp totals padded with (−inf, 0) to 32).
     */
    static MaxSum maxSum(float[] x, int off, int V) {
        MaxSum[] lane = new MaxSum[LANES];
        for (int t = 0; t < LANES; t++) {
            MaxSum a = MaxSum.EMPTY;
            for (int j = t; j < V; j += LANES) {
                a = a.add(x[off + j]);
            }
            lane[t] = a;
        }
        MaxSum[] totals = new MaxSum[LaneOrder.WARP];
        java.util.Arrays.fill(totals, MaxSum.EMPTY);
        for (int w = 0; w < LANES / LaneOrder.WARP; w++) {
            totals[w] = butterfly(lane, w * LaneOrder.WARP);
        }
        return butterfly(totals, 0);
    }

    static MaxSum butterfly(MaxSum[] a, int off) {
        MaxSum[] x = java.util.Arrays.copyOfRange(a, off, off + LaneOrder.WARP);
        for (int s = LaneOrder.WARP / 2; s >= 1; s >>= 1) {
            MaxSum[] y = new MaxSum[LaneOrder.WARP];
            for (int l = 0; l < LaneOrder.WARP; l++) {
                y[l] = x[l].combine(x[l ^ s]);
            }
            x = y;
        }
        return x[0];
    }

    /**
     * Per row r with target y (logits at {@code r·Vp}, the first V real), with (M, S) from the online pass:
     * <pre>
     *   loss      = log(S) − (x[y] − M)
     *   dlogit[j] = (exp(x[j] − M)·(1/S) − [j = y])·dloss   for j &lt; V,   +0 for V ≤ j &lt; Vp
     * </pre>
     * A target outside [0, V): loss +0 and every dlogit +0. {@code dlogits} null: losses only; it may be
     * the logits array at the same offset (written in place).
     */
    public static void forwardBackward(float[] losses, int lOff, float[] dlogits, int dOff, float[] logits, int xOff,
                                       int[] targets, int tOff, int rows, int V, int Vp, float dloss) {
        IntStream.range(0, rows).parallel().forEach(r -> {
            int x = xOff + r * Vp;
            int y = targets[tOff + r];
            boolean ok = y >= 0 && y < V;
            MaxSum ms = maxSum(logits, x, V);
            losses[lOff + r] = ok ? ExmyMath.log(ms.sum()) - (logits[x + y] - ms.max()) : 0.0f;
            if (dlogits != null) {
                float inv = 1.0f / ms.sum();
                float[] g = new float[Vp];
                if (ok) {
                    for (int j = 0; j < V; j++) {
                        float p = ExmyMath.exp(logits[x + j] - ms.max()) * inv;
                        g[j] = (p - (j == y ? 1.0f : 0.0f)) * dloss;
                    }
                }
                System.arraycopy(g, 0, dlogits, dOff + r * Vp, Vp);
            }
        });
    }
}
