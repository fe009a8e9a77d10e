package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.Device;

/** Java heap arrays as device memory: copies are {@link System#arraycopy}; everything is synchronous. */
final class JavaMemory implements Device.Memory<JavaBuffer> {
    @Override
    public JavaBuffer allocate(Backend owner, DType dtype, long length) {
        return new JavaBuffer(owner, dtype, length);
    }

    @Override
    public void upload(float[] src, JavaBuffer dst) {
        System.arraycopy(src, 0, dst.f32, dst.off, src.length);
    }

    @Override
    public void upload(byte[] src, JavaBuffer dst) {
        System.arraycopy(src, 0, dst.u8, dst.off, src.length);
    }

    @Override
    public void upload(int[] src, JavaBuffer dst) {
        System.arraycopy(src, 0, dst.i32, dst.off, src.length);
    }

    @Override
    public void download(JavaBuffer src, float[] dst) {
        System.arraycopy(src.f32, src.off, dst, 0, dst.length);
    }

    @Override
    public void download(JavaBuffer src, byte[] dst) {
        System.arraycopy(src.u8, src.off, dst, 0, dst.length);
    }

    @Override
    public void download(JavaBuffer src, int[] dst) {
        System.arraycopy(src.i32, src.off, dst, 0, dst.length);
    }

    @Override
    public void copy(JavaBuffer src, JavaBuffer dst) {
        int n = Math.toIntExact(src.length());
        switch (src.dtype()) {
            case F32 -> System.arraycopy(src.f32, src.off, dst.f32, dst.off, n);
            case U8 -> System.arraycopy(src.u8, src.off, dst.u8, dst.off, n);
            case I32 -> System.arraycopy(src.i32, src.off, dst.i32, dst.off, n);
            default -> throw new IllegalStateException("no copy for " + src.dtype());
        }
    }

    @Override
    public void synchronize() {
    }
}
