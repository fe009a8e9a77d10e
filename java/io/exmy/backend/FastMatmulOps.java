package io.exmy.backend;

/**
 * The fast GEMM (GPU only): operands converted to BF16 and multiplied on tensor cores by cuBLAS
 * with float32 accumulation. Where every operand value is exactly a BF16 value the products are
 * exact and only the order of the accumulation differs from {@link MatmulOps#gemm}; the difference
 * is bounded elementwise by {@link io.exmy.matmul.ErrorBound}. Implemented by the {@code cuda}
 * backend; {@link io.exmy.matmul.FastGemm} says where it is available and why not.
 */
public interface FastMatmulOps {
    /** Null where {@link #gemmBf16} runs on this backend, else why it cannot (no cuBLAS, no GPU, …). */
    String fastGemmUnavailableReason();

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
}
