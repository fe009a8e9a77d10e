package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Buffers of one backend for one test case, closed together; and the NaN-tolerant bit comparison. */
final class TrainBuffers implements AutoCloseable {
    final Backend b;
    private final List<DeviceBuffer> open = new ArrayList<>();

    TrainBuffers(Backend b) {
        this.b = b;
    }

    DeviceBuffer f(float[] x) {
        DeviceBuffer d = b.upload(x);
        open.add(d);
        return d;
    }

    DeviceBuffer i(int[] x) {
        DeviceBuffer d = b.upload(x);
        open.add(d);
        return d;
    }

    DeviceBuffer zeros(long n) {
        DeviceBuffer d = b.allocate(DType.F32, n);
        open.add(d);
        b.fill(d, n, 0.0f);
        return d;
    }

    float[] get(DeviceBuffer d) {
        return b.downloadFloats(d);
    }

    @Override
    public void close() {
        open.forEach(DeviceBuffer::close);
    }

    /**
     * Bit-for-bit equality, except that any NaN equals any NaN: NaN bit patterns differ between the GPU
     * (canonical 0x7fffffff) and the CPU (sign and payload propagate), and the specification leaves them
     * open.
     */
    static void same(float[] expected, float[] got, String what) {
        if (expected.length != got.length) {
            fail(what + ": " + got.length + " elements, expected " + expected.length);
        }
        int bad = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            boolean eq = Float.isNaN(expected[i]) ? Float.isNaN(got[i])
                    : Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(got[i]);
            if (!eq) {
                if (bad++ < 8) {
                    sb.append(String.format("%n  [%d] expected %s (0x%08x), got %s (0x%08x)", i, expected[i],
                            Float.floatToRawIntBits(expected[i]), got[i], Float.floatToRawIntBits(got[i])));
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + expected.length + " elements differ from the Java reference" + sb);
        }
    }
}
