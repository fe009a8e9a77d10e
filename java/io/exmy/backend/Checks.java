package io.exmy.backend;

import io.exmy.format.CodeLayout;
import io.exmy.format.Format;

/**
 * Argument checks shared by every backend, so that a bad call fails the same way, with the same
 * message, whichever backend it reaches — before any native code could read out of bounds.
 */
public final class Checks {
    private Checks() {
    }

    public static void owned(Backend backend, DeviceBuffer... buffers) {
        for (DeviceBuffer b : buffers) {
            if (b.backend() != backend) {
                throw new IllegalArgumentException("a buffer of backend '" + b.backend().name()
                        + "' was passed to backend '" + backend.name() + "': allocate it on the backend that uses it");
            }
        }
    }

    public static void holds(DeviceBuffer b, DType dtype, long elements, String what) {
        if (b.dtype() != dtype) {
            throw new IllegalArgumentException(what + " must be " + dtype + ", got " + b.dtype());
        }
        if (elements < 0) {
            throw new IllegalArgumentException(what + ": negative size " + elements);
        }
        if (b.length() < elements) {
            throw new IllegalArgumentException(what + " holds " + b.length() + " elements, " + elements + " needed");
        }
    }

    public static void copy(Backend backend, DeviceBuffer src, DeviceBuffer dst) {
        owned(backend, src, dst);
        holds(dst, src.dtype(), src.length(), "copy target");
    }

    public static void gemm(Backend backend, GemmShape s, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        owned(backend, a, b, c);
        holds(a, DType.F32, s.aExtent(), "GEMM operand A");
        holds(b, DType.F32, s.bExtent(), "GEMM operand B");
        holds(c, DType.F32, s.cExtent(), "GEMM output C");
        if (Math.max(s.aExtent(), Math.max(s.bExtent(), s.cExtent())) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("GEMM operands above 2^31 elements are not supported");
        }
    }

    public static void cast(Backend backend, DeviceBuffer in, DeviceBuffer out, long n) {
        owned(backend, in, out);
        holds(in, DType.F32, n, "cast input");
        holds(out, DType.F32, n, "cast output");
    }

    public static void encode(Backend backend, DeviceBuffer in, DeviceBuffer codes, long rows, long cols, Format f) {
        owned(backend, in, codes);
        requireCodes(f);
        holds(in, DType.F32, Math.multiplyExact(rows, cols), "encode input");
        holds(codes, DType.U8, Math.multiplyExact(rows, CodeLayout.bytesPerRow(f, cols)), "codes");
    }

    public static void decode(Backend backend, DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format f) {
        owned(backend, codes, out);
        requireCodes(f);
        holds(codes, DType.U8, Math.multiplyExact(rows, CodeLayout.bytesPerRow(f, cols)), "codes");
        holds(out, DType.F32, Math.multiplyExact(rows, cols), "decode output");
    }

    public static void requireCodes(Format f) {
        if (!f.hasCodes()) {
            throw new IllegalArgumentException("format " + f + " has " + f.totalBits()
                    + " bits; packed codes exist for formats of at most 8 bits (use the float32 output)");
        }
    }
}
