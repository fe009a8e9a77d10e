package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/** The Java reference backend: the specification, always available, used to check all others. */
public final class JavaBackend implements Backend {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String device() {
        return "CPU, Java reference (" + Runtime.getRuntime().availableProcessors() + " threads, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")";
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long length) {
        return new JavaBuffer(this, dtype, length);
    }

    private JavaBuffer own(DeviceBuffer b) {
        Checks.owned(this, b);
        return (JavaBuffer) b;
    }

    @Override
    public void upload(float[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.F32, src.length, "upload target");
        System.arraycopy(src, 0, own(dst).f32, 0, src.length);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.U8, src.length, "upload target");
        System.arraycopy(src, 0, own(dst).u8, 0, src.length);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        Checks.holds(src, DType.F32, dst.length, "download source");
        System.arraycopy(own(src).f32, 0, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        Checks.holds(src, DType.U8, dst.length, "download source");
        System.arraycopy(own(src).u8, 0, dst, 0, dst.length);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        Checks.copy(this, src, dst);
        JavaBuffer s = own(src);
        JavaBuffer d = own(dst);
        int n = Math.toIntExact(src.length());
        switch (src.dtype()) {
            case F32 -> System.arraycopy(s.f32, 0, d.f32, 0, n);
            case U8 -> System.arraycopy(s.u8, 0, d.u8, 0, n);
            case I32 -> System.arraycopy(s.i32, 0, d.i32, 0, n);
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void synchronize() {
    }

    @Override
    public void close() {
    }

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        Checks.cast(this, in, out, n);
        JavaCast.cast(own(in).f32, own(out).f32, Math.toIntExact(n), indexBase, spec);
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Checks.encode(this, in, codes, rows, cols, spec.format());
        JavaCast.encode(own(in).f32, own(codes).u8, rows, cols, indexBase, spec);
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        Checks.decode(this, codes, out, rows, cols, format);
        JavaCast.decode(own(codes).u8, own(out).f32, rows, cols, format);
    }
}
