package io.exmy.backend;

/** Element types of device buffers. */
public enum DType {
    F32(4), U8(1), I32(4);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }
}
