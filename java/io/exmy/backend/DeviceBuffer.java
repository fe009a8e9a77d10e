package io.exmy.backend;

/**
 * Memory that lives where its backend computes (GPU memory for {@code cuda}), so that operations
 * chain without round trips through the Java heap. Create with {@link Backend#allocate}; each
 * {@link Device} has its own kind, which extends this class.
 */
public abstract class DeviceBuffer implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private final long length;

    protected DeviceBuffer(Backend backend, DType dtype, long length) {
        this.backend = backend;
        this.dtype = dtype;
        this.length = length;
    }

    /** The backend that allocated it; null for a device's own scratch memory. */
    public final Backend backend() {
        return backend;
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final long length() {
        return length;
    }

    public final long bytes() {
        return length * dtype.bytes;
    }

    /**
     * A view of elements [offset, offset + length) sharing this buffer's memory, usable wherever a
     * buffer is. Closing a view frees nothing; it must not outlive its parent.
     */
    public final DeviceBuffer slice(long offset, long sliceLength) {
        if (offset < 0 || sliceLength < 0 || offset + sliceLength > length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + sliceLength)
                    + ") of a buffer of " + length + " elements");
        }
        return view(offset, sliceLength);
    }

    /** The view of {@link #slice}, its range checked. */
    protected abstract DeviceBuffer view(long offset, long sliceLength);

    /** Frees the memory (nothing for a view); further use is an error. */
    @Override
    public abstract void close();
}
