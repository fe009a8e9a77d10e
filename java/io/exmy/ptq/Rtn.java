package io.exmy.ptq;

/**
 * Round-to-nearest: each weight to its row's (or group's) grid of {@link IntGrid}, with the
 * parameters from the unmodified weights. GPTQ's baseline ({@code --nearest} in the reference
 * code), here also per group of {@code group} consecutive input columns.
 */
public final class Rtn {
    private Rtn() {
    }

    /** W: rows × cols, row-major; {@code group} ≤ 0 means one group per row (per channel). */
    public static QuantizedLayer quantize(float[] w, int rows, int cols, IntGrid grid, int group) {
        int g = Gptq.groupLength(group, cols);
        int groups = (cols + g - 1) / g;
        float[] q = new float[w.length];
        byte[] codes = new byte[w.length];
        float[] scales = new float[rows * groups];
        byte[] zeros = new byte[rows * groups];
        int[] groupOf = new int[cols];
        for (int c = 0; c < cols; c++) {
            groupOf[c] = c / g;
        }
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < groups; k++) {
                int c0 = k * g;
                int n = Math.min(g, cols - c0);
                IntGrid.Params p = grid.fit(w, r * cols + c0, 1, n);
                scales[r * groups + k] = p.scale();
                zeros[r * groups + k] = (byte) (int) p.zero();
                for (int c = c0; c < c0 + n; c++) {
                    int i = r * cols + c;
                    int code = grid.code(w[i], p);
                    codes[i] = (byte) code;
                    q[i] = IntGrid.value(code, p);
                    double e = (double) w[i] - q[i];
                    loss += e * e;
                }
            }
        }
        return new QuantizedLayer(rows, cols, q, codes, scales, zeros, groups, groupOf, loss);
    }
}
