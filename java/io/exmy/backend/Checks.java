package io.exmy.backend;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;
import io.exmy.transform.Hadamard;
import io.exmy.transform.HadamardSpec;
import java.util.Objects;

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
        if (s.strideA() < 0 || s.strideB() < 0 || s.strideC() < 0) {
            throw new IllegalArgumentException("GEMM batch strides must be non-negative: strideA=" + s.strideA()
                    + " strideB=" + s.strideB() + " strideC=" + s.strideC());
        }
        holds(a, DType.F32, s.aExtent(), "GEMM operand A");
        holds(b, DType.F32, s.bExtent(), "GEMM operand B");
        holds(c, DType.F32, s.cExtent(), "GEMM output C");
        if (Math.max(s.aExtent(), Math.max(s.bExtent(), s.cExtent())) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("GEMM operands above 2^31 elements are not supported");
        }
    }

    /** Operands of the BF16 library call: A and B as packed BF16 images (U8, 2 bytes per element). */
    public static void packedGemm(Backend backend, GemmShape s, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c) {
        owned(backend, a16, b16, c);
        holds(a16, DType.U8, 2 * s.aExtent(), "packed BF16 A");
        holds(b16, DType.U8, 2 * s.bExtent(), "packed BF16 B");
        holds(c, DType.F32, s.cExtent(), "GEMM output C");
    }

    public static void packBf16(Backend backend, DeviceBuffer x, DeviceBuffer out, int rows, int cols, int ld,
                                long stride, int batch) {
        owned(backend, x, out);
        long last = rows == 0 || cols == 0 ? 0 : (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        holds(x, DType.F32, last, "BF16 packing input");
        holds(out, DType.U8, 2L * rows * cols * batch, "BF16 packing output");
    }

    public static void cast(Backend backend, DeviceBuffer in, DeviceBuffer out, long n) {
        owned(backend, in, out);
        holds(in, DType.F32, n, "cast input");
        holds(out, DType.F32, n, "cast output");
    }

    public static void encode(Backend backend, DeviceBuffer in, DeviceBuffer codes, long rows, long cols, CastSpec spec) {
        Format f = spec.format();
        owned(backend, in, codes);
        requireCodes(f);
        spec.checkCodes();
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

    public static void hadamard(Backend backend, DeviceBuffer in, DeviceBuffer out, long rows, long cols,
                                BlockShape.Axis axis, HadamardSpec spec) {
        owned(backend, in, out);
        Objects.requireNonNull(spec, "Hadamard spec");
        Hadamard.check(rows, cols, axis, spec.size());
        holds(in, DType.F32, Math.multiplyExact(rows, cols), "Hadamard input");
        holds(out, DType.F32, Math.multiplyExact(rows, cols), "Hadamard output");
    }

    public static void blockFake(Backend backend, DeviceBuffer in, DeviceBuffer out, long rows, long cols) {
        owned(backend, in, out);
        tensorSize(rows, cols);
        holds(in, DType.F32, rows * cols, "block quantization input");
        holds(out, DType.F32, rows * cols, "block quantization output");
    }

    public static void blockQuantize(Backend backend, DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales,
                                     DeviceBuffer tensorScale, long rows, long cols, BlockScheme s) {
        owned(backend, in, codes, scales);
        tensorSize(rows, cols);
        holds(in, DType.F32, rows * cols, "block quantization input");
        blockCodes(backend, codes, scales, tensorScale, rows, cols, s);
    }

    public static void blockDequantize(Backend backend, DeviceBuffer codes, DeviceBuffer scales,
                                       DeviceBuffer tensorScale, DeviceBuffer out, long rows, long cols,
                                       BlockScheme s) {
        owned(backend, codes, scales, out);
        tensorSize(rows, cols);
        holds(out, DType.F32, rows * cols, "dequantization output");
        blockCodes(backend, codes, scales, tensorScale, rows, cols, s);
    }

    private static void blockCodes(Backend backend, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale,
                                   long rows, long cols, BlockScheme s) {
        Format f = s.element().format();
        if (!f.hasCodes()) {
            throw new IllegalArgumentException("element format " + f + " has " + f.totalBits()
                    + " bits; packed codes exist for formats of at most 8 bits (use the fake-quantized float32 output)");
        }
        s.element().checkCodes();
        holds(codes, DType.U8, rows * CodeLayout.bytesPerRow(f, cols), "element codes");
        holds(scales, s.scaleFormat().hasCodes() ? DType.U8 : DType.F32, s.grid(rows, cols).count(), "block scales");
        if (s.tensorScale()) {
            if (tensorScale == null) {
                throw new IllegalArgumentException("scheme " + s + " has a tensor scale: pass a float32 buffer for it");
            }
            owned(backend, tensorScale);
            holds(tensorScale, DType.F32, 1, "tensor scale");
        }
    }

    /** Tensors of up to 2^31 − 1 elements (the Java reference's arrays). */
    private static void tensorSize(long rows, long cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative tensor size " + rows + "×" + cols);
        }
        if (Math.multiplyHigh(rows, cols) != 0 || rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + rows + "×" + cols + " elements: block quantization takes"
                    + " at most 2^31 − 1 elements per call; quantize it in slices of whole blocks");
        }
    }
}
