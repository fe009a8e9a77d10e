package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * A buffer on the Java heap: a float[], byte[] or int[] by dtype, or a view of elements
 * [off, off + length) of one.
 */
final class JavaBuffer implements DeviceBuffer {
    private final Backend backend;
    private final DType dtype;
    final float[] f32;
    final byte[] u8;
    final int[] i32;
    /** First element of this buffer in the array (0 unless a view). */
    final int off;
    private final int length;

    JavaBuffer(Backend backend, DType dtype, long length) {
        this.backend = backend;
        this.dtype = dtype;
        int n = Math.toIntExact(length);
        this.f32 = dtype == DType.F32 ? new float[n] : null;
        this.u8 = dtype == DType.U8 ? new byte[n] : null;
        this.i32 = dtype == DType.I32 ? new int[n] : null;
        this.off = 0;
        this.length = n;
    }

    private JavaBuffer(JavaBuffer parent, int off, int length) {
        this.backend = parent.backend;
        this.dtype = parent.dtype;
        this.f32 = parent.f32;
        this.u8 = parent.u8;
        this.i32 = parent.i32;
        this.off = off;
        this.length = length;
    }

    @Override
    public DeviceBuffer slice(long offset, long sliceLength) {
        DeviceBuffer.checkSlice(length, offset, sliceLength);
        return new JavaBuffer(this, off + (int) offset, (int) sliceLength);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void close() {
        // garbage collected
    }
}
