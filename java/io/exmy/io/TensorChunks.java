package io.exmy.io;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A row-major rows × cols tensor cut into chunks for streaming, in file order. Every chunk is
 * contiguous in C order — a run of whole rows, or a piece of one row — and holds at most
 * {@code budget} elements wherever the operation's rules allow:
 *
 * <ul>
 * <li>Rows come in groups of {@code group} (a block-row: blocks spanning several rows must be seen
 *     whole). A run of rows starts at a group boundary and holds whole groups (the last group of the
 *     tensor may be short).</li>
 * <li>A group larger than the budget is one chunk when it is indivisible; when it is divisible it is
 *     cut into runs of rows within it.</li>
 * <li>A row larger than the budget is cut into pieces starting at multiples of {@code colStep}
 *     columns (a whole block, a whole byte of packed codes) when {@code colStep > 0}; with 0 it is one
 *     chunk.</li>
 * </ul>
 *
 * So a chunk exceeds the budget only where a rule forbids the cut: an indivisible group, or an
 * uncuttable row.
 */
public final class TensorChunks implements Iterable<TensorChunks.Chunk> {
    /**
     * Elements per chunk: 4 Mi (16 MiB of float32), where a streamed command holds its few chunk-sized
     * buffers; {@code -Dexmy.chunk.elements=N} changes it.
     */
    public static final long DEFAULT_BUDGET = Long.getLong("exmy.chunk.elements", 1L << 22);

    /** Rows [row, row + rows) × columns [col, col + cols); a piece of one row has rows = 1. */
    public record Chunk(long row, long rows, long col, long cols) {
        public long elements() {
            return rows * cols;
        }

        /** Flat index of the first element in a tensor of {@code width} columns. */
        public long first(long width) {
            return row * width + col;
        }
    }

    private final long rows;
    private final long cols;
    private final long budget;
    private final long group;
    private final boolean divisibleGroups;
    private final long colStep;

    private TensorChunks(long rows, long cols, long budget, long group, boolean divisibleGroups, long colStep) {
        if (rows < 0 || cols < 0 || budget < 1 || group < 1 || colStep < 0) {
            throw new IllegalArgumentException("chunks of a " + rows + "×" + cols + " tensor: budget " + budget
                    + ", groups of " + group + ", column step " + colStep);
        }
        this.rows = rows;
        this.cols = cols;
        this.budget = budget;
        this.group = group;
        this.divisibleGroups = divisibleGroups;
        this.colStep = colStep;
    }

    /** Runs of whole rows, any number of rows per chunk, rows never cut. */
    public static TensorChunks of(long rows, long cols, long budget) {
        return new TensorChunks(rows, cols, budget, 1, true, 0);
    }

    /** n elements seen as one row, cut anywhere. */
    public static TensorChunks flat(long n, long budget) {
        return of(1, n, budget).cuttingRows(1);
    }

    /** Rows in groups of {@code g}: indivisible (blocks span them) or divisible. */
    public TensorChunks grouped(long g, boolean divisible) {
        return new TensorChunks(rows, cols, budget, g, divisible, colStep);
    }

    /** Rows longer than the budget cut at multiples of {@code step} columns. */
    public TensorChunks cuttingRows(long step) {
        return new TensorChunks(rows, cols, budget, group, divisibleGroups, step);
    }

    public long rows() {
        return rows;
    }

    public long cols() {
        return cols;
    }

    @Override
    public Iterator<Chunk> iterator() {
        return new Iterator<>() {
            private long r;
            private long c;

            @Override
            public boolean hasNext() {
                return r < rows && cols > 0;
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (c > 0) {
                    return piece();
                }
                long groupStart = r / group * group;
                long groupEnd = Math.min(rows, groupStart + group);
                if (r == groupStart && cols <= budget / group) {
                    long end = Math.min(rows, r + budget / (group * cols) * group);
                    return run(end);
                }
                if (group > 1 && !divisibleGroups) {
                    return run(groupEnd);
                }
                if (cols <= budget) {
                    return run(Math.min(groupEnd, r + budget / cols));
                }
                return colStep > 0 ? piece() : run(r + 1);
            }

            private Chunk run(long end) {
                Chunk k = new Chunk(r, end - r, 0, cols);
                r = end;
                return k;
            }

            private Chunk piece() {
                long step = Math.max(colStep, budget / colStep * colStep);
                long end = Math.min(cols, c + step);
                Chunk k = new Chunk(r, 1, c, end - c);
                c = end;
                if (c == cols) {
                    c = 0;
                    r++;
                }
                return k;
            }
        };
    }
}
