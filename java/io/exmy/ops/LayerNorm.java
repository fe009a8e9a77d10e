package io.exmy.ops;

import java.util.stream.IntStream;

/**
 * Layer normalisation over rows of C (twin: {@code cuda/layernorm.cu}). Row reductions are in the warp
 * {@link LaneOrder}; the weight and bias gradients sum over rows in the {@link ColumnOrder}.
 */
public final class LayerNorm {
    private LayerNorm() {
    }

    /**
     * Per row x of C:
     * <pre>
     *   mean = sum(x) / C
     *   var  = dot(x − mean, x − mean) / C
     *   rstd = 1 / sqrt(var + eps)
     *   out  = fma((x − mean)·rstd, weight, bias)
     * </pre>
     */
    public static void forward(float[] out, int oOff, float[] mean, int mOff, float[] rstd, int rOff, float[] inp,
                               int iOff, float[] w, int wOff, float[] b, int bOff, int rows, int C, float eps) {
        IntStream.range(0, rows).parallel().forEach(r -> {
            int x = iOff + r * C;
            float m = LaneOrder.sum(C, LaneOrder.WARP, j -> inp[x + j]) / C;
            float var = LaneOrder.dot(C, LaneOrder.WARP, j -> inp[x + j] - m, j -> inp[x + j] - m) / C;
            float s = 1.0f / ExmyMath.sqrt(var + eps);
            int o = oOff + r * C;
            for (int j = 0; j < C; j++) {
                out[o + j] = Math.fma((inp[x + j] - m) * s, w[wOff + j], b[bOff + j]);
            }
            mean[mOff + r] = m;
            rstd[rOff + r] = s;
        });
    }

    /**
     * Per row, with n = (x − mean)·rstd and g = weight·dout:
     * <pre>
     *   a    = sum(g) / C
     *   bb   = dot(g, n) / C
     *   dinp = dinp + fma(−n, bb, g − a)·rstd
     * </pre>
     * and over rows, in the column order: dweight += Σ fma-chain n·dout, dbias += Σ dout.
     */
    public static void backward(float[] dinp, int diOff, float[] dw, int dwOff, float[] db, int dbOff, float[] dout,
                                int gOff, float[] inp, int iOff, float[] w, int wOff, float[] mean, int mOff,
                                float[] rstd, int rOff, int rows, int C) {
        IntStream.range(0, rows).parallel().forEach(r -> {
            int x = iOff + r * C;
            int g = gOff + r * C;
            float m = mean[mOff + r];
            float s = rstd[rOff + r];
            LaneOrder.FloatAt norm = j -> (inp[x + j] - m) * s;
            LaneOrder.FloatAt gnorm = j -> w[wOff + j] * dout[g + j];
            float a = LaneOrder.sum(C, LaneOrder.WARP, gnorm) / C;
            float bb = LaneOrder.dot(C, LaneOrder.WARP, gnorm, norm) / C;
            int d = diOff + r * C;
            for (int j = 0; j < C; j++) {
                float dx = Math.fma(-norm.at(j), bb, gnorm.at(j) - a) * s;
                dinp[d + j] = dinp[d + j] + dx;
            }
        });
        ColumnOrder.Term norm = (r, c) -> (inp[iOff + r * C + c] - mean[mOff + r]) * rstd[rOff + r];
        ColumnOrder.Term grad = (r, c) -> dout[gOff + r * C + c];
        ColumnOrder.fold(ColumnOrder.partials(rows, C, norm, grad), rows, C, dw, dwOff);
        ColumnOrder.fold(ColumnOrder.partials(rows, C, grad, null), rows, C, db, dbOff);
    }
}
