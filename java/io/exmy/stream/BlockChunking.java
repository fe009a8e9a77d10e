package io.exmy.stream;

import io.exmy.block.BlockGrid;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.format.Format;
import io.exmy.io.TensorChunks;
import io.exmy.io.TensorChunks.Chunk;

/**
 * How a block-scaled rows × cols tensor is cut into chunks that a backend's block ops can take one
 * at a time with the results of one call on the whole (docs/FORMATS.md, "Large arrays"):
 *
 * <ul>
 * <li>A block spanning several rows (bN/col, R×C tiles) needs all its rows: quantization takes whole
 *     block-rows per chunk; dequantization, given the scales, may cut anywhere a block boundary and a
 *     code byte allow.</li>
 * <li>A row longer than the budget is cut at multiples of the block length and of the codes per byte
 *     where its blocks allow: bN/row, and the one block of per-tensor scaling. Per-row and per-column
 *     quantization keep rows whole (their blocks reach across the whole row or down all rows).</li>
 * <li>Blocks that reach past a chunk (per-column, per-tensor) and the tensor scale of two-level schemes
 *     need a whole-tensor amax: {@link BlockStats} gets it in a first pass and {@link StreamQuantize}
 *     hands it to each chunk in an extra row.</li>
 * </ul>
 *
 * A one-row tensor's blocks are all lines along that row, whatever the scheme says across rows
 * (per-column or bN/col blocks are single elements, R×C tiles 1×C, per-row is per-tensor), so its
 * scheme is rewritten as such: same blocks, same scales in the same order, same bits, and its row
 * can be cut.
 */
final class BlockChunking {
    final BlockScheme scheme;
    final long rows;
    final long cols;
    final BlockGrid grid;

    BlockChunking(BlockScheme s, long rows, long cols) {
        this.scheme = rows == 1 ? s.withShape(alongTheRow(s.shape())) : s;
        this.rows = rows;
        this.cols = cols;
        this.grid = scheme.grid(rows, cols);
    }

    private static BlockShape alongTheRow(BlockShape sh) {
        return sh.cols() == BlockShape.WHOLE ? BlockShape.tensor() : BlockShape.alongRows(sh.cols());
    }

    private BlockShape shape() {
        return scheme.shape();
    }

    private long codesPerByte() {
        Format f = scheme.element().format();
        return f.hasCodes() ? f.codesPerByte() : 1;
    }

    /** Blocks spanning more than one row, and finitely many: they take their whole block-row. */
    long blockRows() {
        return shape().rows() == BlockShape.WHOLE ? 1 : shape().rows();
    }

    /** The chunks of quantization: blocks whole, since each scale comes from its block's amax. */
    TensorChunks quantizeChunks(long budget) {
        BlockShape sh = shape();
        TensorChunks t = TensorChunks.of(rows, cols, budget).grouped(blockRows(), false);
        if (sh.rows() == 1 && sh.cols() != BlockShape.WHOLE) {
            return t.cuttingRows(lcm(sh.cols(), codesPerByte()));
        }
        if (sh.axis() == BlockShape.Axis.TENSOR) {
            return t.cuttingRows(codesPerByte());
        }
        return t;
    }

    /** The chunks of dequantization: the scales are given, so only block and byte boundaries matter. */
    TensorChunks dequantizeChunks(long budget) {
        long blockCols = shape().cols() == BlockShape.WHOLE ? 1 : shape().cols();
        return TensorChunks.of(rows, cols, budget).grouped(blockRows(), true)
                .cuttingRows(lcm(blockCols, codesPerByte()));
    }

    /** Whether every chunk needs the tensor's amax: per-tensor blocks and two-level schemes. */
    boolean needsTensorAmax() {
        return scheme.tensorScale() || shape().axis() == BlockShape.Axis.TENSOR;
    }

    /** Whether every chunk needs the amax of each column: per-column blocks (of a tensor of several rows). */
    boolean needsColumnAmax() {
        return shape().rows() == BlockShape.WHOLE && shape().cols() == 1;
    }

    /** Flat index, in the grid's row-major order, of the first scale of a chunk's blocks. */
    long firstScale(Chunk c) {
        return c.row() / grid.blockRows() * grid.scaleCols() + c.col() / grid.blockCols();
    }

    /** The number of scales of a chunk's blocks: those of its own grid. */
    long scaleCount(Chunk c) {
        return scheme.grid(c.rows(), c.cols()).count();
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
