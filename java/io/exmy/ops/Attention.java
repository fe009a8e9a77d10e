package io.exmy.ops;

import java.util.stream.IntStream;

/**
 * The non-GEMM parts of causal self-attention (twin: {@code cuda/attention.cu}): the layouts around
 * the batched Q·Kᵀ and P·V products, and the scaled causal softmax with its backward pass.
 */
public final class Attention {
    private Attention() {
    }

    /**
     * q[b][h][t][d] = qkv[b][t][0][h][d], k = …[1]…, v = …[2]… (qkv rows of 3·C, C = NH·HS); with
     * {@code backward}, the same copies the other way (dqkv from dq, dk, dv).
     */
    public static void split(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, float[] qkv, int qkvOff,
                             int B, int T, int NH, int HS, boolean backward) {
        int C = NH * HS;
        IntStream.range(0, B * NH * T).parallel().forEach(row -> {
            int t = row % T;
            int h = (row / T) % NH;
            int b = row / (T * NH);
            int src = qkvOff + (b * T + t) * 3 * C + h * HS;
            int dst = row * HS;
            if (backward) {
                System.arraycopy(q, qOff + dst, qkv, src, HS);
                System.arraycopy(k, kOff + dst, qkv, src + C, HS);
                System.arraycopy(v, vOff + dst, qkv, src + 2 * C, HS);
            } else {
                System.arraycopy(qkv, src, q, qOff + dst, HS);
                System.arraycopy(qkv, src + C, k, kOff + dst, HS);
                System.arraycopy(qkv, src + 2 * C, v, vOff + dst, HS);
            }
        });
    }

    /** out[b][t][h][d] = y[b][h][t][d]; with {@code backward}, y from out. */
    public static void merge(float[] out, int oOff, float[] y, int yOff, int B, int T, int NH, int HS,
                             boolean backward) {
        int C = NH * HS;
        IntStream.range(0, B * NH * T).parallel().forEach(row -> {
            int t = row % T;
            int h = (row / T) % NH;
            int b = row / (T * NH);
            int o = oOff + (b * T + t) * C + h * HS;
            if (backward) {
                System.arraycopy(out, o, y, yOff + row * HS, HS);
            } else {
                System.arraycopy(y, yOff + row * HS, out, o, HS);
            }
        });
    }

    /**
     * Row r (query t = r mod T), live entries j ≤ t:
     * <pre>
     *   m    = max_j s[j]                         (exact)
     *   e[j] = exp((s[j] − m)·scale)
     *   inv  = 1 / sum(e)                         (warp order over j ≤ t)
     *   p[j] = e[j]·inv,   p[j] = +0 for j &gt; t
     * </pre>
     */
    public static void softmaxForward(float[] att, int aOff, float[] pre, int pOff, int rows, int T, float scale) {
        IntStream.range(0, rows).parallel().forEach(r -> {
            int live = r % T + 1;
            int s = pOff + r * T;
            float m = LaneOrder.max(live, j -> pre[s + j]);
            LaneOrder.FloatAt e = j -> ExmyMath.exp((pre[s + j] - m) * scale);
            float inv = 1.0f / LaneOrder.sum(live, LaneOrder.WARP, e);
            float[] p = new float[T];
            for (int j = 0; j < live; j++) {
                p[j] = e.at(j) * inv;
            }
            System.arraycopy(p, 0, att, aOff + r * T, T);
        });
    }

    /**
     * Row r, live entries j ≤ t:
     * <pre>
     *   d       = dot(p, dp)                      (warp order over j ≤ t)
     *   ds[j]   = (p[j]·(dp[j] − d))·scale,   ds[j] = +0 for j &gt; t
     * </pre>
     */
    public static void softmaxBackward(float[] dpre, int dOff, float[] datt, int gOff, float[] att, int aOff, int rows,
                                       int T, float scale) {
        IntStream.range(0, rows).parallel().forEach(r -> {
            int live = r % T + 1;
            int p = aOff + r * T;
            int g = gOff + r * T;
            float d = LaneOrder.dot(live, LaneOrder.WARP, j -> att[p + j], j -> datt[g + j]);
            float[] ds = new float[T];
            for (int j = 0; j < live; j++) {
                ds[j] = att[p + j] * (datt[g + j] - d) * scale;
            }
            System.arraycopy(ds, 0, dpre, dOff + r * T, T);
        });
    }
}
