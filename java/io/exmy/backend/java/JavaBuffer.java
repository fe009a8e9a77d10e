package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/** A buffer on the Java heap: a float[], byte[] or int[] by dtype. */
final class JavaBuffer implements DeviceBuffer {
    private final Backend backend;
    private final DType dtype;
    final float[] f32;
    final byte[] u8;
    final int[] i32;

    JavaBuffer(Backend backend, DType dtype, long length) {
        this.backend = backend;
        this.dtype = dtype;
        int n = Math.toIntExact(length);
        this.f32 = dtype == DType.F32 ? new float[n] : null;
        this.u8 = dtype == DType.U8 ? new byte[n] : null;
        this.i32 = dtype == DType.I32 ? new int[n] : null;
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
        return f32 != null ? f32.length : u8 != null ? u8.length : i32.length;
    }

    @Override
    public void close() {
        // garbage collected
    }
}
