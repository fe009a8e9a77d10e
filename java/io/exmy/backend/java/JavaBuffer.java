package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * A buffer on the Java heap: a float[], byte[] or int[] by dtype, or a view of elements
 * [off, off + length) of one.
 */
final class JavaBuffer extends DeviceBuffer {
    final float[] f32;
    final byte[] u8;
    final int[] i32;
    /** First element of this buffer in the array (0 unless a view). */
    final int off;

    JavaBuffer(Backend backend, DType dtype, long length) {
        super(backend, dtype, length);
        int n = Math.toIntExact(length);
        this.f32 = dtype == DType.F32 ? new float[n] : null;
        this.u8 = dtype == DType.U8 ? new byte[n] : null;
        this.i32 = dtype == DType.I32 ? new int[n] : null;
        this.off = 0;
    }

    private JavaBuffer(JavaBuffer parent, int off, int length) {
        super(parent.backend(), parent.dtype(), length);
        this.f32 = parent.f32;
        this.u8 = parent.u8;
        this.i32 = parent.i32;
        this.off = off;
    }

    @Override
    protected DeviceBuffer view(long offset, long sliceLength) {
        return new JavaBuffer(this, off + (int) offset, (int) sliceLength);
    }

    @Override
    public void close() {
        // garbage collected
    }
}
