package io.exmy.backend;

/**
 * Memory that lives where its backend computes (GPU memory for {@code cuda}), so that operations
 * chain without round trips through the Java heap. Create with {@link Backend#allocate}.
 */
public interface DeviceBuffer extends AutoCloseable {
    Backend backend();

    DType dtype();

    /** Number of elements. */
    long length();

    default long bytes() {
        return length() * dtype().bytes;
    }

    /**
     * A view of elements [offset, offset + length) sharing this buffer's memory, usable wherever a
     * buffer is. Closing a view frees nothing; it must not outlive its parent.
     */
    DeviceBuffer slice(long offset, long length);

    /** Frees the memory (nothing for a view); further use is an error. */
    @Override
    void close();

    /** Checks a slice's range against a buffer of {@code length} elements. */
    static void checkSlice(long length, long offset, long sliceLength) {
        if (offset < 0 || sliceLength < 0 || offset + sliceLength > length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + sliceLength)
                    + ") of a buffer of " + length + " elements");
        }
    }
}
