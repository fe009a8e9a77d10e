package io.exmy.backend.host;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * A buffer in native memory (malloc, 16-byte aligned), shared by the host and emu backends. Under
 * the sanitizer builds its bounds are what AddressSanitizer checks kernels against.
 */
public final class NativeBuffer implements DeviceBuffer {
    private final Backend backend;
    private final DType dtype;
    private final long length;
    /** The allocation this buffer owns; null for a view. */
    private Memory memory;
    private final NativeBuffer parent;
    private final long byteOffset;

    public NativeBuffer(Backend backend, DType dtype, long length) {
        this.backend = backend;
        this.dtype = dtype;
        this.length = length;
        this.memory = new Memory(Math.max(1, length * dtype.bytes));
        this.parent = null;
        this.byteOffset = 0;
    }

    private NativeBuffer(NativeBuffer parent, long offset, long length) {
        this.backend = parent.backend;
        this.dtype = parent.dtype;
        this.length = length;
        this.memory = null;
        this.parent = parent;
        this.byteOffset = offset * dtype.bytes;
    }

    public Pointer pointer() {
        if (parent != null) {
            return parent.pointer().share(byteOffset);
        }
        if (memory == null) {
            throw new IllegalStateException("buffer used after close");
        }
        return memory;
    }

    /** The pointer of {@code b}, or null for no buffer (the optional arguments of the native calls). */
    public static Pointer pointerOf(NativeBuffer b) {
        return b == null ? null : b.pointer();
    }

    @Override
    public DeviceBuffer slice(long offset, long sliceLength) {
        DeviceBuffer.checkSlice(length, offset, sliceLength);
        return new NativeBuffer(this, offset, sliceLength);
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
        if (memory != null) {
            memory.close();
            memory = null;
        }
    }
}
