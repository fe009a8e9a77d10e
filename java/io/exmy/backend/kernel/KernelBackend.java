package io.exmy.backend.kernel;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/**
 * A backend that runs exmy's CUDA kernels, on the GPU ({@code cuda}) or under CPU emulation
 * ({@code emu}): the same launch code for both, so emulated tests exercise it too.
 */
public final class KernelBackend implements Backend {
    private final KernelRuntime rt;
    private final CastKernels cast;

    public KernelBackend(KernelRuntime runtime) {
        this.rt = runtime;
        this.cast = new CastKernels(runtime);
    }

    public KernelRuntime runtime() {
        return rt;
    }

    @Override
    public String name() {
        return rt.name();
    }

    @Override
    public String device() {
        return rt.properties().name();
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long length) {
        return rt.allocate(this, dtype, length);
    }

    @Override
    public void upload(float[] src, DeviceBuffer dst) {
        Checks.owned(this, dst);
        Checks.holds(dst, DType.F32, src.length, "upload target");
        rt.upload(src, dst);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        Checks.owned(this, dst);
        Checks.holds(dst, DType.U8, src.length, "upload target");
        rt.upload(src, dst);
    }

    @Override
    public void upload(int[] src, DeviceBuffer dst) {
        Checks.owned(this, dst);
        Checks.holds(dst, DType.I32, src.length, "upload target");
        rt.upload(src, dst);
    }

    @Override
    public void download(DeviceBuffer src, int[] dst) {
        Checks.owned(this, src);
        Checks.holds(src, DType.I32, dst.length, "download source");
        rt.download(src, dst);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        Checks.owned(this, src);
        Checks.holds(src, DType.F32, dst.length, "download source");
        rt.download(src, dst);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        Checks.owned(this, src);
        Checks.holds(src, DType.U8, dst.length, "download source");
        rt.download(src, dst);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        Checks.copy(this, src, dst);
        rt.copy(src, dst, src.bytes());
    }

    @Override
    public void synchronize() {
        rt.synchronize();
    }

    @Override
    public double timeMillis(Runnable work) {
        return rt.timeMillis(work);
    }

    @Override
    public void close() {
        rt.close();
    }

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        Checks.cast(this, in, out, n);
        cast.cast(in, out, n, indexBase, spec);
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Checks.encode(this, in, codes, rows, cols, spec.format());
        cast.encode(in, codes, rows, cols, indexBase, spec);
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        Checks.decode(this, codes, out, rows, cols, format);
        cast.decode(codes, out, rows, cols, format);
    }
}
