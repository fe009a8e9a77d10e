package io.exmy.stream;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * Buffers a streamed operation reuses from chunk to chunk, so that memory is a few chunks' worth
 * however many chunks there are: a backend buffer of one dtype that grows to the largest chunk (ops
 * take buffers at least as long as they need), and host arrays of exactly a chunk's length (uploads
 * and downloads move whole arrays), kept while chunks keep that length — all but the last, mostly.
 */
final class Scratch {
    private Scratch() {
    }

    static final class Device implements AutoCloseable {
        private final Backend b;
        private final DType dtype;
        private DeviceBuffer buf;

        Device(Backend b, DType dtype) {
            this.b = b;
            this.dtype = dtype;
        }

        DeviceBuffer of(long n) {
            if (buf == null || buf.length() < n) {
                close();
                buf = b.allocate(dtype, Math.max(1, n));
            }
            return buf;
        }

        @Override
        public void close() {
            if (buf != null) {
                buf.close();
                buf = null;
            }
        }
    }

    static final class Floats {
        private float[] a = new float[0];

        float[] of(long n) {
            if (a.length != n) {
                a = new float[Math.toIntExact(n)];
            }
            return a;
        }
    }

    static final class Bytes {
        private byte[] a = new byte[0];

        byte[] of(long n) {
            if (a.length != n) {
                a = new byte[Math.toIntExact(n)];
            }
            return a;
        }
    }
}
