package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/** Launches of {@code cuda/cast.cu}: the launch geometry of the element-wise kernels. */
final class CastKernels implements Device.Cast<DeviceBuffer> {
    static final String MODULE = "cast";
    static final int BLOCK = 256;
    /** Resident blocks per multiprocessor the grid-stride loops aim for. */
    static final int BLOCKS_PER_SM = 8;

    private final KernelRuntime rt;

    CastKernels(KernelRuntime rt) {
        this.rt = rt;
    }

    /** Enough blocks for {@code work} items one per thread, capped at a full wave of the device. */
    int grid(long work) {
        long cap = (long) rt.properties().multiprocessors() * BLOCKS_PER_SM;
        return (int) Math.max(1, Math.min(cap, (work + BLOCK - 1) / BLOCK));
    }

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        if (n == 0) {
            return;
        }
        // each thread casts four elements per step (one, for unaligned views)
        rt.launch(MODULE, "exmy_cast_f32", LaunchConfig.of(grid((n + 3) / 4), BLOCK),
                new KernelArgs().buffer(in).buffer(out).i64(n).i64(indexBase).words(spec.words()));
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        long bytes = rows * (spec.format().codesPerByte() == 2 ? (cols + 1) / 2 : cols);
        if (bytes == 0) {
            return;
        }
        rt.launch(MODULE, "exmy_encode", LaunchConfig.of(grid(bytes), BLOCK),
                new KernelArgs().buffer(in).buffer(codes).i64(rows).i64(cols).i64(indexBase).words(spec.words())
                        .i32(spec.format().codesPerByte()));
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        if (rows * cols == 0) {
            return;
        }
        rt.launch(MODULE, "exmy_decode", LaunchConfig.of(grid(rows * cols), BLOCK),
                new KernelArgs().buffer(codes).buffer(out).i64(rows).i64(cols).words(CastSpec.of(format).words())
                        .i32(format.codesPerByte()));
    }
}
