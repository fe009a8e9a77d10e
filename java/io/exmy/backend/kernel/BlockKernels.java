package io.exmy.backend.kernel;

import io.exmy.backend.DType;
import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockGrid;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;

/**
 * Launches of {@code cuda/block.cu}: the launch geometry of block-scaled quantization.
 *
 * <ul>
 * <li>Blocks along rows: {@code exmy_block_rows}, a group of L lanes per block (L the smallest power
 *     of two with L·V ≥ B, at most 32; V = 4 elements per lane when rows allow 16-byte access), so a
 *     warp takes 2 · 32/L blocks per step (two groups, whose loads are issued together); one wave
 *     of resident CTAs.</li>
 * <li>Blocks down columns: {@code exmy_block_cols}, a thread per block.</li>
 * <li>R×C tiles: {@code exmy_block_tiles}, a thread per tile.</li>
 * <li>Tensor-wise, and every two-level scheme: {@code exmy_block_amax_partial} first, one amax per
 *     CTA into a scratch buffer this class keeps, which the quantizing kernel reduces again.</li>
 * <li>Codes: the same kernels write the scales, then {@code exmy_block_encode} packs the elements
 *     (a thread per output byte); {@code exmy_block_decode} (a thread per element).</li>
 * </ul>
 *
 * Null pointers (outputs a launch does not write) go to the kernel as a zero 64-bit value.
 */
final class BlockKernels extends KernelModule implements Device.Block<DeviceBuffer>, AutoCloseable {
    static final int WARPS_PER_BLOCK = Grid.BLOCK / Grid.WARP;
    /**
     * exmy_block_rows: its {@code __launch_bounds__(256, 4)} (64 registers) makes 4 CTAs resident per
     * multiprocessor, and each warp takes {@code EXMY_ROW_GROUPS} = 2 groups of blocks per step.
     */
    static final int ROW_BLOCKS_PER_SM = 4;
    static final int ROW_GROUPS = 2;

    /** One amax per CTA of exmy_block_amax_partial: at most a wave of CTAs. */
    private final Scratch partials;

    BlockKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "block");
        this.partials = new Scratch(rt, DType.I32, grid.resident(Grid.CTAS_PER_SM));
    }

    @Override
    public void fakeQuantize(DeviceBuffer in, DeviceBuffer out, long rows, long cols, long indexBase, BlockScheme s) {
        blocks(in, out, null, null, null, rows, cols, indexBase, s);
    }

    @Override
    public void quantize(DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, long rows,
                  long cols, long indexBase, BlockScheme s) {
        boolean scaleCodes = s.scaleFormat().hasCodes();
        blocks(in, null, scaleCodes ? scales : null, scaleCodes ? null : scales, tensorScale, rows, cols, indexBase, s);
        long bytes = rows * (s.element().format().codesPerByte() == 2 ? (cols + 1) / 2 : cols);
        if (bytes == 0) {
            return;
        }
        KernelArgs a = new KernelArgs().buffer(in).buffer(codes);
        pointer(a, scaleCodes ? scales : null);
        pointer(a, scaleCodes ? null : scales);
        pointer(a, tensorScale);
        launch("exmy_block_encode", grid.perThread(bytes),
                a.i64(rows).i64(cols).i64(indexBase).words(s.words()));
    }

    @Override
    public void dequantize(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, DeviceBuffer out, long rows,
                    long cols, BlockScheme s) {
        if (rows * cols == 0) {
            return;
        }
        boolean scaleCodes = s.scaleFormat().hasCodes();
        KernelArgs a = new KernelArgs().buffer(codes);
        pointer(a, scaleCodes ? scales : null);
        pointer(a, scaleCodes ? null : scales);
        pointer(a, tensorScale);
        launch("exmy_block_decode", grid.perThread(rows * cols),
                a.buffer(out).i64(rows).i64(cols).words(s.words()));
    }

    /** The fused per-layout kernel: values to {@code out} and/or scales to {@code scaleCodes}/{@code scaleValues}. */
    private void blocks(DeviceBuffer in, DeviceBuffer out, DeviceBuffer scaleCodes, DeviceBuffer scaleValues,
                        DeviceBuffer tensorScale, long rows, long cols, long indexBase, BlockScheme s) {
        long n = rows * cols;
        BlockShape.Axis axis = s.shape().axis();
        int partialCount = 0;
        if (s.tensorScale() || axis == BlockShape.Axis.TENSOR) {
            partialCount = grid.ctas(n, Grid.BLOCK);
            launch("exmy_block_amax_partial", LaunchConfig.of(partialCount, Grid.BLOCK),
                    new KernelArgs().buffer(in).i64(n).buffer(partials.atLeast(partialCount)));
        }
        BlockGrid g = s.grid(rows, cols);
        String kernel;
        int ctas;
        switch (axis) {
            case ROW -> {
                kernel = "exmy_block_rows";
                long b = Math.min(g.blockCols(), Math.max(1, cols));
                long vectors = (b + 3) / 4; // lanes per block as for 16-byte access; the grid-stride loop covers the rest
                int lanes = 1;
                while (lanes < 32 && lanes < vectors) {
                    lanes <<= 1;
                }
                long warps = Grid.ceilDiv(g.count(), ROW_GROUPS * (32 / lanes));
                ctas = Grid.ctas(warps, WARPS_PER_BLOCK, grid.resident(ROW_BLOCKS_PER_SM));
            }
            case COL -> {
                kernel = "exmy_block_cols";
                ctas = grid.ctas(g.count(), Grid.BLOCK);
            }
            case TILE -> {
                kernel = "exmy_block_tiles";
                ctas = grid.ctas(g.count(), Grid.BLOCK);
            }
            default -> {
                kernel = "exmy_block_tensor";
                ctas = grid.ctas(n, Grid.BLOCK);
            }
        }
        KernelArgs a = new KernelArgs().buffer(in);
        pointer(a, out);
        pointer(a, scaleCodes);
        pointer(a, scaleValues);
        pointer(a, tensorScale);
        pointer(a, partialCount > 0 ? partials.atLeast(partialCount) : null);
        launch(kernel, LaunchConfig.of(ctas, Grid.BLOCK),
                a.i32(partialCount).i64(rows).i64(cols).i64(indexBase).words(s.words()));
    }

    private static void pointer(KernelArgs a, DeviceBuffer b) {
        if (b == null) {
            a.i64(0);
        } else {
            a.buffer(b);
        }
    }

    @Override
    public void close() {
        partials.close();
    }
}
