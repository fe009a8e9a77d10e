package io.exmy.backend.kernel;

import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * Device memory a launch class reuses from launch to launch (partial sums, BF16 images, counters),
 * grown when a launch needs more and kept, because device allocation is slow. Reuse is safe: launches
 * on one device run in stream order.
 */
final class Scratch implements AutoCloseable {
    private final KernelRuntime rt;
    private final DType dtype;
    /** Elements allocated at least, so that small launches do not reallocate one after another. */
    private final long minimum;
    private DeviceBuffer buffer;

    Scratch(KernelRuntime rt, DType dtype, long minimum) {
        this.rt = rt;
        this.dtype = dtype;
        this.minimum = minimum;
    }

    /** The buffer, of at least {@code n} elements. */
    DeviceBuffer atLeast(long n) {
        if (buffer == null || buffer.length() < n) {
            close();
            buffer = rt.allocate(null, dtype, Math.max(n, minimum));
        }
        return buffer;
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }
}
