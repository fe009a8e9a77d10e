package io.exmy.ops;

import java.util.stream.IntStream;

/** Reference element-wise and bias operations over float arrays (offsets as in buffer views). */
public final class Elementwise {
    private static final int CHUNK = 1 << 16;

    private Elementwise() {
    }

    /** Runs body over [0, n) in fixed chunks in parallel; every element is independent of the split. */
    static void chunks(long n, java.util.function.IntBinaryOperator body) {
        int count = (int) ((n + CHUNK - 1) / CHUNK);
        IntStream.range(0, count).parallel().forEach(k -> body.applyAsInt(k * CHUNK, (int) Math.min(n, (long) (k + 1) * CHUNK)));
    }

    public static void fill(float[] x, int off, int n, float value) {
        java.util.Arrays.fill(x, off, off + n, value);
    }

    public static void scale(float[] x, int off, int n, float factor) {
        chunks(n, (b, e) -> {
            for (int i = b; i < e; i++) {
                x[off + i] = x[off + i] * factor;
            }
            return 0;
        });
    }

    /** out = a + b; out may share memory with a or b at the same offset. */
    public static void add(float[] out, int oOff, float[] a, int aOff, float[] b, int bOff, int n) {
        chunks(n, (s, e) -> {
            for (int i = s; i < e; i++) {
                out[oOff + i] = a[aOff + i] + b[bOff + i];
            }
            return 0;
        });
    }

    public static void biasAdd(float[] out, int oOff, float[] bias, int bOff, int rows, int cols) {
        IntStream.range(0, rows).parallel().forEach(r -> {
            int row = oOff + r * cols;
            for (int c = 0; c < cols; c++) {
                out[row + c] = out[row + c] + bias[bOff + c];
            }
        });
    }

    /** dbias[c] += Σ_r dout[r][c] in the {@link ColumnOrder}. */
    public static void biasBackward(float[] dbias, int dbOff, float[] dout, int dOff, int rows, int cols) {
        float[] p = ColumnOrder.partials(rows, cols, (r, c) -> dout[dOff + r * cols + c], null);
        ColumnOrder.fold(p, rows, cols, dbias, dbOff);
    }

    /** Elements per partial of {@link #sumOfSquares}: 32 lanes × 256. */
    public static final int SUMSQ_CHUNK = 8192;

    /**
     * Σ x[i]² for i &lt; n: chunk k (elements [k·8192, (k+1)·8192)) is a warp-order dot product of itself,
     * and the chunk partials are summed in warp order.
     */
    public static float sumOfSquares(float[] x, int off, int n) {
        int chunks = (n + SUMSQ_CHUNK - 1) / SUMSQ_CHUNK;
        float[] partial = new float[chunks];
        IntStream.range(0, chunks).parallel().forEach(k -> {
            int base = off + k * SUMSQ_CHUNK;
            int len = Math.min(SUMSQ_CHUNK, n - k * SUMSQ_CHUNK);
            partial[k] = LaneOrder.dot(len, LaneOrder.WARP, j -> x[base + j], j -> x[base + j]);
        });
        return LaneOrder.sum(chunks, LaneOrder.WARP, k -> partial[k]);
    }
}
