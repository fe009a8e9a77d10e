package io.exmy.ops;

import java.util.stream.IntStream;

/**
 * The order of sums over the rows of a matrix (bias gradients, layer-norm weight gradients over B·T
 * rows): the rows are cut into chunks of {@link #ROWS} consecutive rows; chunk k's partial for column c
 * is the sequential sum over its rows in ascending order from +0; the chunk partials are then summed
 * in the warp {@link LaneOrder} (32 lanes), and the total is added to the destination once:
 * {@code dst[c] = dst[c] + total}. A GPU computes the partials in parallel and folds them with one
 * warp per column.
 */
public final class ColumnOrder {
    /** Rows per chunk. */
    public static final int ROWS = 8;

    private ColumnOrder() {
    }

    /** The contribution of row r to column c. */
    @FunctionalInterface
    public interface Term {
        float at(int r, int c);
    }

    public static int chunks(int rows) {
        return (rows + ROWS - 1) / ROWS;
    }

    /** partials[k·cols + c] = Σ_{r in chunk k} term(r, c), or the FMA chain of a(r,c)·b(r,c) when b is given. */
    public static float[] partials(int rows, int cols, Term a, Term b) {
        int chunks = chunks(rows);
        float[] p = new float[chunks * cols];
        IntStream.range(0, chunks).parallel().forEach(k -> {
            int r1 = Math.min(rows, (k + 1) * ROWS);
            for (int c = 0; c < cols; c++) {
                float s = 0.0f;
                for (int r = k * ROWS; r < r1; r++) {
                    s = b == null ? s + a.at(r, c) : Math.fma(a.at(r, c), b.at(r, c), s);
                }
                p[k * cols + c] = s;
            }
        });
        return p;
    }

    /** dst[dstOff + c] += the warp-order total of the chunk partials of column c. */
    public static void fold(float[] partials, int rows, int cols, float[] dst, int dstOff) {
        int chunks = chunks(rows);
        IntStream.range(0, cols).parallel().forEach(c -> {
            float total = LaneOrder.sum(chunks, LaneOrder.WARP, k -> partials[k * cols + c]);
            dst[dstOff + c] = dst[dstOff + c] + total;
        });
    }
}
