package io.exmy.block;

/**
 * The extent of one block, in rows × columns of a row-major 2-D tensor; {@link #WHOLE} (0) means the
 * whole axis. Element (r, c) belongs to block (⌊r / rows⌋, ⌊c / cols⌋); the last block along an axis
 * may be partial and is scaled by its own amax.
 *
 * <ul>
 * <li>{@code (1, B)}: B consecutive elements within a row ({@code bB/row}) — the layout of a GEMM's A
 *     (M×K) quantized along K.</li>
 * <li>{@code (B, 1)}: B consecutive elements down a column ({@code bB/col}) — B (K×N) along K.</li>
 * <li>{@code (1, WHOLE)}, {@code (WHOLE, 1)}: one scale per row or per column (channel-wise).</li>
 * <li>{@code (WHOLE, WHOLE)}: one scale for the tensor (tensor-wise).</li>
 * </ul>
 *
 * <ul>
 * <li>{@code (R, C)} with R, C &gt; 1: R×C tiles ({@code bRxC}), e.g. Transformer Engine's 16×16 NVFP4
 *     weight blocks. A tile is given in the tensor's own row/column orientation: turning a scheme to
 *     an operand's K axis leaves tiles as they are.</li>
 * </ul>
 */
public record BlockShape(int rows, int cols) {
    public static final int WHOLE = 0;

    /** The axis a shape runs along, as the text form names it. */
    public enum Axis {
        ROW("row"), COL("col"), TENSOR("tensor"), TILE("tile");

        public final String label;

        Axis(String label) {
            this.label = label;
        }
    }

    public BlockShape {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("block extents must be positive (or whole): " + rows + "×" + cols);
        }
    }

    public static BlockShape alongRows(int length) {
        return new BlockShape(1, requirePositive(length));
    }

    public static BlockShape alongCols(int length) {
        return new BlockShape(requirePositive(length), 1);
    }

    public static BlockShape perRow() {
        return new BlockShape(1, WHOLE);
    }

    public static BlockShape perCol() {
        return new BlockShape(WHOLE, 1);
    }

    /** R×C tiles (two-dimensional blocks); both extents at least 2. */
    public static BlockShape tile(int rows, int cols) {
        if (rows < 2 || cols < 2) {
            throw new IllegalArgumentException("a tile needs at least 2 rows and 2 columns, got " + rows + "×" + cols
                    + "; write bN/row or bN/col for a line of N elements");
        }
        return new BlockShape(rows, cols);
    }

    public static BlockShape tensor() {
        return new BlockShape(WHOLE, WHOLE);
    }

    private static int requirePositive(int b) {
        if (b < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + b);
        }
        return b;
    }

    /** Whether this is a line of elements along one axis, or the whole tensor (not a two-dimensional tile). */
    public boolean isOneDimensional() {
        return rows == 1 || cols == 1 || (rows == WHOLE && cols == WHOLE);
    }

    public Axis axis() {
        if (rows == 1) {
            return Axis.ROW;
        }
        if (cols == 1) {
            return Axis.COL;
        }
        if (rows == WHOLE && cols == WHOLE) {
            return Axis.TENSOR;
        }
        if (rows > 1 && cols > 1) {
            return Axis.TILE;
        }
        throw new IllegalStateException("block " + this + " (a whole axis by several) is not a supported shape");
    }

    /** The block length along its axis (WHOLE for channel- and tensor-wise, and for tiles, which have no one axis). */
    public int length() {
        return switch (axis()) {
            case ROW -> cols;
            case COL -> rows;
            case TENSOR, TILE -> WHOLE;
        };
    }

    /** The same block length along the other axis (channel-wise stays channel-wise; tensor-wise stays). */
    public BlockShape transposed() {
        return new BlockShape(cols, rows);
    }

    @Override
    public String toString() {
        return (rows == WHOLE ? "all" : Integer.toString(rows)) + "×" + (cols == WHOLE ? "all" : Integer.toString(cols));
    }
}
