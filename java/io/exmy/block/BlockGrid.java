package io.exmy.block;

/**
 * The blocks of a rows × cols tensor under a {@link BlockShape}: block (i, j) covers rows
 * [i·blockRows, min(rows, (i+1)·blockRows)) and columns [j·blockCols, min(cols, (j+1)·blockCols)).
 * Scales are stored in this grid's row-major order: {@link #scaleRows()} × {@link #scaleCols()}.
 */
public record BlockGrid(long rows, long cols, long blockRows, long blockCols) {

    public static BlockGrid of(BlockShape shape, long rows, long cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative tensor size " + rows + "×" + cols);
        }
        long bh = shape.rows() == BlockShape.WHOLE ? Math.max(1, rows) : shape.rows();
        long bw = shape.cols() == BlockShape.WHOLE ? Math.max(1, cols) : shape.cols();
        return new BlockGrid(rows, cols, bh, bw);
    }

    public long scaleRows() {
        return (rows + blockRows - 1) / blockRows;
    }

    public long scaleCols() {
        return (cols + blockCols - 1) / blockCols;
    }

    /** Number of blocks, i.e. of scales. */
    public long count() {
        return rows == 0 || cols == 0 ? 0 : scaleRows() * scaleCols();
    }

    public long elements() {
        return rows * cols;
    }
}
