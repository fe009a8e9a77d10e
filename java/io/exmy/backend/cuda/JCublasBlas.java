package io.exmy.backend.cuda;

import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.kernel.KernelFailure;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;

/** cuBLAS through JCublas 12.6, where its native library loads (it needs {@code libcublas.so.12}). */
final class JCublasBlas implements Blas {
    private final cublasHandle handle = new cublasHandle();
    private final String version;
    private boolean closed;

    JCublasBlas() {
        int status;
        try {
            JCublas2.setExceptionsEnabled(false);
            status = JCublas2.cublasCreate(handle);
        } catch (Throwable t) { // UnsatisfiedLinkError: libJCublas2 or libcublas.so.12 missing
            throw new BackendUnavailableException("JCublas's native library did not load (" + firstLine(t) + ")", t);
        }
        if (status != 0) {
            throw new BackendUnavailableException("cublasCreate failed: " + Blas.statusName(status));
        }
        check(JCublas2.cublasSetStream(handle, new cudaStream_t()), "cublasSetStream");
        check(JCublas2.cublasSetMathMode(handle, MATH_MODE), "cublasSetMathMode");
        int[] v = new int[1];
        check(JCublas2.cublasGetVersion(handle, v), "cublasGetVersion");
        version = v[0] / 10000 + "." + v[0] / 100 % 100 + "." + v[0] % 100;
    }

    static String firstLine(Throwable t) {
        String m = t.getClass().getSimpleName() + ": " + t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void check(int status, String call) {
        if (status != 0) {
            throw new KernelFailure(call + " failed: " + Blas.statusName(status));
        }
    }

    @Override
    public String describe() {
        return "cuBLAS " + version + " through JCublas";
    }

    @Override
    public void gemmBf16(boolean transA, boolean transB, int m, int n, int k, CUdeviceptr a, int lda, long strideA,
                         CUdeviceptr b, int ldb, long strideB, float alpha, float beta, CUdeviceptr c, int ldc,
                         long strideC, int batch) {
        check(JCublas2.cublasGemmStridedBatchedEx(handle, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
                transB ? CUBLAS_OP_T : CUBLAS_OP_N, m, n, k, Pointer.to(new float[] {alpha}), a, CUDA_R_16BF, lda, strideA,
                b, CUDA_R_16BF, ldb, strideB, Pointer.to(new float[] {beta}), c, CUDA_R_32F, ldc, strideC, batch,
                CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT), "cublasGemmStridedBatchedEx");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            JCublas2.cublasDestroy(handle);
        }
    }
}
