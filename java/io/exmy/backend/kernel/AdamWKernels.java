package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.AdamWStep;

/** Launches of {@code cuda/adamw.cu}: a 1-D grid-stride loop, one parameter per thread and step. */
final class AdamWKernels extends KernelModule implements Device.AdamW<DeviceBuffer> {
    AdamWKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "adamw");
    }

    @Override
    public void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep step) {
        if (n > 0) {
            launch("exmy_adamw", grid.perThread(n),
                    new KernelArgs().buffer(params).buffer(grads).buffer(m).buffer(v).i64(n).words(step.words()));
        }
    }
}
