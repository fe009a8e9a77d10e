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
public final class NativeBuffer extends DeviceBuffer {
    /** The allocation this buffer owns; null for a view. */
    private Memory memory;
    private final NativeBuffer parent;
    private final long byteOffset;

    public NativeBuffer(Backend backend, DType dtype, long length) {
        super(backend, dtype, length);
        this.memory = new Memory(Math.max(1, length * dtype.bytes));
        this.parent = null;
        this.byteOffset = 0;
    }

    private NativeBuffer(NativeBuffer parent, long offset, long length) {
        super(parent.backend(), parent.dtype(), length);
        this.memory = null;
        this.parent = parent;
        this.byteOffset = offset * parent.dtype().bytes;
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
    protected DeviceBuffer view(long offset, long sliceLength) {
        return new NativeBuffer(this, offset, sliceLength);
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.close();
            memory = null;
        }
    }
}
