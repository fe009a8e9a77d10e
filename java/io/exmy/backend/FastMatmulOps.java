package io.exmy.backend;

import io.exmy.matmul.GemmShape;

/**
 * The fast GEMM (GPU only): operands converted to BF16 and multiplied on tensor cores by cuBLAS
 * with float32 accumulation. Where every operand value is exactly a BF16 value the products are
 * exact and only the order of the accumulation differs from {@link MatmulOps#gemm}; the difference
 * is bounded elementwise by {@link io.exmy.matmul.ErrorBound}. Runs on the {@code cuda} backend;
 * {@link #fastGemmUnavailableReason} says why not elsewhere, and
 * {@link io.exmy.quantized.QuantizedMatmul#fastUnavailableReason} which block schemes it can take.
 */
public interface FastMatmulOps {
    /** Null where {@link #gemmBf16} runs on this backend, else why it cannot (no cuBLAS, no GPU, …). */
    String fastGemmUnavailableReason();

    /** The BF16 GEMM library the fast GEMM calls (cuBLAS version and binding), or why there is none. */
    String fastGemmLibrary();

    /**
     * C = op(A)·op(B) for the batched, strided {@code shape} (accumulating onto C when asked), on
     * tensor cores. Throws {@link IllegalArgumentException} if an operand holds a value BF16 cannot
     * represent exactly — quantize it to a format with at most 8 exponent and 7 mantissa bits first,
     * or use the exact GEMM.
     */
    default void gemmBf16(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        gemmBf16(shape, a, b, c, 1.0f);
    }

    /**
     * C = alpha·op(A)·op(B) (+ C when accumulating): the product scaled once, in float32, after the
     * accumulation — how a float32 tensor scale shared by all of an operand (NVFP4's) is applied
     * without putting it into the BF16 operands, which it would make inexact.
     */
    void gemmBf16(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, float alpha);

    /**
     * The BF16 GEMM library's call alone (cuBLAS), on operands already packed by {@link #packBf16}
     * (U8 buffers, 2 bytes per element, laid out as {@code shape} says) — the benchmarks' baseline.
     */
    void gemmBf16Packed(GemmShape shape, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c);

    /**
     * The fast GEMM's packing step on its own (a kernel: {@code cuda} and {@code emu}): {@code batch}
     * float32 matrices of rows × cols (row stride ld, batch stride) from {@code x} into dense BF16 in
     * {@code out} (U8, 2 bytes per element). Returns 0 iff every value converted exactly.
     */
    int packBf16(DeviceBuffer x, DeviceBuffer out, int rows, int cols, int ld, long stride, int batch);
}
