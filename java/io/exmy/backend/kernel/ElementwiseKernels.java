package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.ColumnOrder;
import io.exmy.ops.Elementwise;

/**
 * Launches of {@code cuda/elementwise.cu}: fill, scale and add as 1-D grid-stride loops (four elements
 * per thread and step where 16-byte aligned); bias add a warp per row; the column order of the bias
 * gradient (and of layer norm's, {@link #columnFold}) in two levels, chunk partials into scratch memory
 * then 32×8-thread CTAs over 32 columns; the sum of squares a warp per chunk, then one warp.
 */
final class ElementwiseKernels extends KernelModule implements Device.Elementwise<DeviceBuffer> {
    private final Scratch partials;

    ElementwiseKernels(KernelRuntime rt, Grid grid, Scratch partials) {
        super(rt, grid, "elementwise");
        this.partials = partials;
    }

    @Override
    public void fill(DeviceBuffer x, long n, float value) {
        if (n > 0) {
            launch("exmy_fill", grid.perThread((n + 3) / 4), new KernelArgs().buffer(x).i64(n).f32(value));
        }
    }

    @Override
    public void scale(DeviceBuffer x, long n, float factor) {
        if (n > 0) {
            launch("exmy_scale", grid.perThread((n + 3) / 4), new KernelArgs().buffer(x).i64(n).f32(factor));
        }
    }

    @Override
    public void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n) {
        if (n > 0) {
            launch("exmy_add", grid.perThread((n + 3) / 4),
                    new KernelArgs().buffer(out).buffer(a).buffer(b).i64(n));
        }
    }

    @Override
    public void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        if (rows > 0) {
            launch("exmy_bias_add", grid.perWarp(rows),
                    new KernelArgs().buffer(out).buffer(bias).i64(rows).i32(cols));
        }
    }

    @Override
    public void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols) {
        if (rows == 0) {
            return;
        }
        int chunks = ColumnOrder.chunks(rows);
        DeviceBuffer partial = partials.atLeast((long) chunks * cols);
        launch("exmy_column_partials", grid.perThread((long) chunks * cols),
                new KernelArgs().buffer(partial).buffer(dout).i32(rows).i32(cols));
        columnFold(dbias, partial, chunks, cols);
    }

    /** dst[c] += the column order's sum of {@code partial[k][c]} over the chunks k. */
    void columnFold(DeviceBuffer dst, DeviceBuffer partial, int chunks, int cols) {
        int ctas = Grid.ctas(cols, Grid.WARP, grid.resident(Grid.CTAS_PER_SM));
        launch("exmy_column_fold", new LaunchConfig(Dim3.of(ctas), Dim3.of(32, 8), 0),
                new KernelArgs().buffer(dst).buffer(partial).i32(chunks).i32(cols));
    }

    @Override
    public void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n) {
        long chunks = Grid.ceilDiv(n, Elementwise.SUMSQ_CHUNK);
        DeviceBuffer partial = partials.atLeast(Math.max(1, chunks));
        if (chunks > 0) {
            launch("exmy_sumsq_partials", grid.perWarp(chunks),
                    new KernelArgs().buffer(partial).buffer(x).i64(n));
        }
        launch("exmy_sumsq_fold", LaunchConfig.of(1, Grid.WARP),
                new KernelArgs().buffer(out).buffer(partial).i64(chunks));
    }
}
