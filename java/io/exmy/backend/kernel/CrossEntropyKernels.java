package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.CrossEntropy;

/** Launches of {@code cuda/crossentropy.cu}: a CTA of {@link CrossEntropy#LANES} threads per row of logits. */
final class CrossEntropyKernels extends KernelModule implements Device.CrossEntropy<DeviceBuffer> {
    CrossEntropyKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "crossentropy");
    }

    @Override
    public void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets,
                             int rows, int V, int Vp, float dloss) {
        if (rows == 0) {
            return;
        }
        int ctas = Grid.ctas(rows, 1, grid.resident(Grid.CTAS_PER_SM));
        launch("exmy_cross_entropy", LaunchConfig.of(ctas, CrossEntropy.LANES),
                new KernelArgs().buffer(losses).buffer(dlogits == null ? logits : dlogits).buffer(logits)
                        .buffer(targets).i32(rows).i32(V).i32(Vp).f32(dloss).i32(dlogits == null ? 0 : 1));
    }
}
