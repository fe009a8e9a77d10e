package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockShape;
import io.exmy.transform.HadamardSpec;

/**
 * Launches of {@code cuda/hadamard.cu}, one kernel per axis and size n ({@code exmy_hadamard_rows_N},
 * {@code exmy_hadamard_cols_N}), so that n is a compile-time constant there and each vector is held
 * in registers. 256 threads per CTA, grid-stride loops over at most the CTAs that can be resident:
 *
 * <ul>
 * <li>n ≤ 32: a thread per vector (rows: 16-byte loads where the buffers are aligned; columns:
 *     consecutive threads on consecutive columns);</li>
 * <li>n ≥ 64, rows: a warp per vector (lane l holds elements l, l + 32, …, so each load is 128
 *     consecutive bytes), eight vectors per CTA at a time;</li>
 * <li>n ≥ 64, columns: a CTA per tile of n rows × 32 columns staged in {@code n · 33} floats of
 *     dynamic shared memory, whose columns its warps transform.</li>
 * </ul>
 */
final class HadamardKernels extends KernelModule implements Device.Hadamard<DeviceBuffer> {
    /** Threads per CTA: {@code EXMY_HADAMARD_BLOCK}, the kernels' {@code __launch_bounds__}; a multiple of 32. */
    static final int BLOCK = Grid.BLOCK;
    /** Vectors up to this size are a thread's; larger ones a warp's. */
    static final int THREAD_MAX = 32;
    /** Floats per shared-memory row of a column tile (32 + 1, so a warp's column reads hit 32 banks). */
    static final int TILE_PITCH = 33;
    /** Shared memory one multiprocessor gives its resident CTAs (an H100 has 228 KiB, 1 KiB reserved per CTA). */
    static final int SHARED_PER_SM = 200 * 1024;

    HadamardKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "hadamard");
    }

    @Override
    public void hadamard(DeviceBuffer in, DeviceBuffer out, long rows, long cols, BlockShape.Axis axis, HadamardSpec spec) {
        int n = spec.size();
        long vectors = rows * cols / n;
        if (vectors == 0) {
            return;
        }
        boolean onRows = axis == BlockShape.Axis.ROW;
        String kernel = (onRows ? "exmy_hadamard_rows_" : "exmy_hadamard_cols_") + n;
        LaunchConfig launch;
        if (n <= THREAD_MAX) {
            launch = LaunchConfig.of(grid.ctas(vectors, BLOCK), BLOCK);
        } else if (onRows) {
            launch = LaunchConfig.of(grid.ctas(vectors * Grid.WARP, BLOCK), BLOCK);
        } else {
            int shared = n * TILE_PITCH * Float.BYTES;
            long tiles = rows / n * Grid.ceilDiv(cols, Grid.WARP);
            int resident = Math.max(1, Math.min(Grid.CTAS_PER_SM, SHARED_PER_SM / shared));
            launch = new LaunchConfig(Dim3.of(Grid.ctas(tiles, 1, grid.resident(resident))), Dim3.of(BLOCK), shared);
        }
        launch(kernel, launch, new KernelArgs().buffer(in).buffer(out).i64(rows).i64(cols).words(spec.words()));
    }
}
