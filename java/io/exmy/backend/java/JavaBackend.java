package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.GemmShape;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.matmul.ExactGemm;

/** The Java reference backend: the specification, always available, used to check all others. */
public final class JavaBackend implements Backend, io.exmy.backend.DelegatingTrainOps {
    private final JavaTrainOps train = new JavaTrainOps(this);

    @Override
    public io.exmy.backend.TrainOps trainOps() {
        return train;
    }

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
        JavaBuffer d = own(dst);
        System.arraycopy(src, 0, d.f32, d.off, src.length);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.U8, src.length, "upload target");
        JavaBuffer d = own(dst);
        System.arraycopy(src, 0, d.u8, d.off, src.length);
    }

    @Override
    public void upload(int[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.I32, src.length, "upload target");
        JavaBuffer d = own(dst);
        System.arraycopy(src, 0, d.i32, d.off, src.length);
    }

    @Override
    public void download(DeviceBuffer src, int[] dst) {
        Checks.holds(src, DType.I32, dst.length, "download source");
        JavaBuffer s = own(src);
        System.arraycopy(s.i32, s.off, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        Checks.holds(src, DType.F32, dst.length, "download source");
        JavaBuffer s = own(src);
        System.arraycopy(s.f32, s.off, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        Checks.holds(src, DType.U8, dst.length, "download source");
        JavaBuffer s = own(src);
        System.arraycopy(s.u8, s.off, dst, 0, dst.length);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        Checks.copy(this, src, dst);
        JavaBuffer s = own(src);
        JavaBuffer d = own(dst);
        int n = Math.toIntExact(src.length());
        switch (src.dtype()) {
            case F32 -> System.arraycopy(s.f32, s.off, d.f32, d.off, n);
            case U8 -> System.arraycopy(s.u8, s.off, d.u8, d.off, n);
            case I32 -> System.arraycopy(s.i32, s.off, d.i32, d.off, n);
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
        JavaBuffer i = own(in);
        JavaBuffer o = own(out);
        JavaCast.cast(i.f32, i.off, o.f32, o.off, Math.toIntExact(n), indexBase, spec);
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Checks.encode(this, in, codes, rows, cols, spec);
        JavaBuffer i = own(in);
        JavaBuffer c = own(codes);
        JavaCast.encode(i.f32, i.off, c.u8, c.off, rows, cols, indexBase, spec);
    }

    @Override
    public void gemm(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        Checks.gemm(this, shape, a, b, c);
        JavaBuffer ja = own(a);
        JavaBuffer jb = own(b);
        JavaBuffer jc = own(c);
        ExactGemm.gemm(shape, ja.f32, ja.off, jb.f32, jb.off, jc.f32, jc.off);
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        Checks.decode(this, codes, out, rows, cols, format);
        JavaBuffer c = own(codes);
        JavaBuffer o = own(out);
        JavaCast.decode(c.u8, c.off, o.f32, o.off, rows, cols, format);
    }

    @Override
    public void fakeQuantize(DeviceBuffer in, DeviceBuffer out, long rows, long cols, long indexBase,
                             io.exmy.block.BlockScheme scheme) {
        Checks.blockFake(this, in, out, rows, cols);
        JavaBlock.fakeQuantize(own(in), own(out), rows, cols, indexBase, scheme);
    }

    @Override
    public void quantize(DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, long rows,
                         long cols, long indexBase, io.exmy.block.BlockScheme scheme) {
        Checks.blockQuantize(this, in, codes, scales, tensorScale, rows, cols, scheme);
        JavaBlock.quantize(own(in), own(codes), own(scales), scheme.tensorScale() ? own(tensorScale) : null, rows, cols,
                indexBase, scheme);
    }

    @Override
    public void dequantize(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, DeviceBuffer out,
                           long rows, long cols, io.exmy.block.BlockScheme scheme) {
        Checks.blockDequantize(this, codes, scales, tensorScale, out, rows, cols, scheme);
        JavaBlock.dequantize(own(codes), own(scales), scheme.tensorScale() ? own(tensorScale) : null, own(out), rows,
                cols, scheme);
    }

    @Override
    public void hadamard(DeviceBuffer in, DeviceBuffer out, long rows, long cols, io.exmy.block.BlockShape.Axis axis,
                         io.exmy.transform.HadamardSpec spec) {
        Checks.hadamard(this, in, out, rows, cols, axis, spec);
        JavaBuffer i = own(in);
        JavaBuffer o = own(out);
        int n = Math.toIntExact(rows * cols);
        float[] y = io.exmy.transform.Hadamard.transform(java.util.Arrays.copyOfRange(i.f32, i.off, i.off + n), rows,
                cols, axis, spec);
        System.arraycopy(y, 0, o.f32, o.off, n);
    }
}
