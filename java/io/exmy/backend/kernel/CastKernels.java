package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/** Launches of {@code cuda/cast.cu}: the launch geometry of the element-wise kernels. */
final class CastKernels extends KernelModule implements Device.Cast<DeviceBuffer> {
    CastKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "cast");
    }

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        if (n == 0) {
            return;
        }
        // each thread casts four elements per step (one, for unaligned views)
        launch("exmy_cast_f32", grid.perThread((n + 3) / 4),
                new KernelArgs().buffer(in).buffer(out).i64(n).i64(indexBase).words(spec.words()));
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        long bytes = rows * (spec.format().codesPerByte() == 2 ? (cols + 1) / 2 : cols);
        if (bytes == 0) {
            return;
        }
        launch("exmy_encode", grid.perThread(bytes),
                new KernelArgs().buffer(in).buffer(codes).i64(rows).i64(cols).i64(indexBase).words(spec.words())
                        .i32(spec.format().codesPerByte()));
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        if (rows * cols == 0) {
            return;
        }
        launch("exmy_decode", grid.perThread(rows * cols),
                new KernelArgs().buffer(codes).buffer(out).i64(rows).i64(cols).words(CastSpec.of(format).words())
                        .i32(format.codesPerByte()));
    }
}
