package io.exmy.backend;

import io.exmy.matmul.GemmShape;

/**
 * Matrix products. Reference: {@link io.exmy.matmul.ExactGemm}; kernels: {@code cuda/matmul.cu}.
 */
public interface MatmulOps {
    /**
     * The exact GEMM: every {@code C_b[i][j]} is the float32 fused-multiply-add chain
     * {@code acc = fma(op(A)[i][k], op(B)[k][j], acc)} over k = 0, 1, …, K−1, starting from +0 (or
     * from the current {@code C_b[i][j]} when accumulating). Every backend gives the same bits.
     * A NaN result is stored as the quiet NaN {@code 0x7FC00000}: IEEE 754 leaves open which NaN an
     * operation returns, and the GPU, x86 and the JVM's interpreter differ; whether an output is NaN
     * does not depend on the hardware. C must not overlap A or B.
     */
    void gemm(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c);
}
