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

    /** Frees the memory; further use is an error. */
    @Override
    void close();
}
