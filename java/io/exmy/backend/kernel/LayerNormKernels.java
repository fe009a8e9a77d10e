package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.ColumnOrder;

/**
 * Launches of {@code cuda/layernorm.cu}: the forward pass a warp per row; the backward pass a warp per
 * chunk of 8 rows (the column order), whose weight and bias partials go through scratch memory to the
 * column fold of {@code elementwise.cu}. Each warp keeps 2·C floats in dynamic shared memory.
 */
final class LayerNormKernels extends KernelModule implements Device.LayerNorm<DeviceBuffer> {
    /** Dynamic shared memory a block may use without opting in on every GPU since sm_70. */
    static final int SHARED_DEFAULT = 48 * 1024;
    /** The opt-in limit on sm_80 and sm_90 (227 KiB on sm_90, 163 KiB on sm_80: the smaller). */
    static final int SHARED_MAX = 163 * 1024;
    /** Resident CTAs per multiprocessor of the backward pass (small CTAs: one warp each at large C). */
    static final int BACKWARD_CTAS_PER_SM = 4 * Grid.CTAS_PER_SM;

    private final Scratch partials;
    private final ElementwiseKernels columns;

    LayerNormKernels(KernelRuntime rt, Grid grid, Scratch partials, ElementwiseKernels columns) {
        super(rt, grid, "layernorm");
        this.partials = partials;
        this.columns = columns;
    }

    @Override
    public void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp,
                                 DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps) {
        if (rows > 0) {
            launch("exmy_layernorm_forward", grid.perWarp(rows),
                    new KernelArgs().buffer(out).buffer(mean).buffer(rstd).buffer(inp).buffer(weight).buffer(bias)
                            .i32(rows).i32(C).f32(eps));
        }
    }

    @Override
    public void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout,
                                  DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows,
                                  int C) {
        long perWarp = 2L * C * Float.BYTES;
        if (perWarp > SHARED_MAX) {
            throw new IllegalArgumentException("layer norm backward keeps 2·C floats per warp in shared memory: C = " + C
                    + " needs " + perWarp + " bytes, more than the " + SHARED_MAX + " a block may have; C ≤ "
                    + SHARED_MAX / 8 + " is supported");
        }
        if (rows == 0) {
            return;
        }
        int warpsPerCta = (int) Math.max(1, Math.min(Grid.ROW_BLOCK / Grid.WARP, SHARED_DEFAULT / perWarp));
        int chunks = ColumnOrder.chunks(rows);
        int ctas = Grid.ctas(chunks, warpsPerCta, grid.resident(BACKWARD_CTAS_PER_SM));
        DeviceBuffer partial = partials.atLeast(2L * chunks * C);
        DeviceBuffer pw = partial.slice(0, (long) chunks * C);
        DeviceBuffer pb = partial.slice((long) chunks * C, (long) chunks * C);
        launch("exmy_layernorm_backward",
                new LaunchConfig(Dim3.of(ctas), Dim3.of(Grid.WARP * warpsPerCta), (int) (warpsPerCta * perWarp)),
                new KernelArgs().buffer(dinp).buffer(pw).buffer(pb).buffer(dout).buffer(inp).buffer(weight)
                        .buffer(mean).buffer(rstd).i32(rows).i32(C));
        columns.columnFold(dweight, pw, chunks, C);
        columns.columnFold(dbias, pb, chunks, C);
    }
}
