package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;

/** Launches of {@code cuda/gelu.cu}: 1-D grid-stride loops, four elements per thread and step where 16-byte aligned. */
final class GeluKernels extends KernelModule implements Device.Gelu<DeviceBuffer> {
    GeluKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "gelu");
    }

    @Override
    public void geluForward(DeviceBuffer out, DeviceBuffer inp, long n) {
        if (n > 0) {
            launch("exmy_gelu_forward", grid.perThread((n + 3) / 4),
                    new KernelArgs().buffer(out).buffer(inp).i64(n));
        }
    }

    @Override
    public void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n) {
        if (n > 0) {
            launch("exmy_gelu_backward", grid.perThread((n + 3) / 4),
                    new KernelArgs().buffer(dinp).buffer(inp).buffer(dout).i64(n));
        }
    }
}
