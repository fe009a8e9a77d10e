package io.exmy.backend.cuda;

import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.kernel.Bf16Gemm;
import io.exmy.matmul.GemmShape;

/**
 * The GPU's BF16 GEMM: exmy's row-major {@link GemmShape} as a column-major cuBLAS call. A row-major
 * matrix is the column-major view of its transpose, so row-major C = op(A)·op(B) is column-major
 * Cᵀ = op(B)ᵀ·op(A)ᵀ: B is cuBLAS's first operand, A its second, m and n swap, and the leading
 * dimensions stay as they are.
 */
final class CudaBf16Gemm implements Bf16Gemm {
    private final CudaRuntime runtime;
    private final Blas blas;

    CudaBf16Gemm(CudaRuntime runtime, Blas blas) {
        this.runtime = runtime;
        this.blas = blas;
    }

    @Override
    public String describe() {
        return blas.describe();
    }

    @Override
    public void gemm(GemmShape s, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c, float alpha) {
        runtime.makeCurrent();
        blas.gemmBf16(s.transB(), s.transA(), s.n(), s.m(), s.k(), ((CudaBuffer) b16).ptr(), s.ldb(), s.strideB(),
                ((CudaBuffer) a16).ptr(), s.lda(), s.strideA(), alpha, s.accumulate() ? 1.0f : 0.0f, ((CudaBuffer) c).ptr(),
                s.ldc(), s.strideC(), s.batch());
    }

    @Override
    public void close() {
        runtime.makeCurrent();
        blas.close();
    }
}
