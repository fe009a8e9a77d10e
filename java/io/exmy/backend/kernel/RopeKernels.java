package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;

/** Launches of {@code cuda/rope.cu}: a warp per row of HS, forward or (the transposed rotation) backward. */
final class RopeKernels extends KernelModule implements Device.Rope<DeviceBuffer> {
    RopeKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "rope");
    }

    @Override
    public void rope(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS, boolean backward) {
        if (rows > 0) {
            launch("exmy_rope", grid.perWarp(rows), new KernelArgs().buffer(out).buffer(inp).buffer(table)
                    .i32(rows).i32(T).i32(HS).i32(backward ? 1 : 0));
        }
    }
}
