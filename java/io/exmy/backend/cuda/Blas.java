package io.exmy.backend.cuda;

import io.exmy.backend.BackendUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jcuda.driver.CUdeviceptr;

/**
 * The cuBLAS calls exmy makes, behind one interface with two bindings chosen at run time:
 * JCublas ({@link JCublasBlas}: its native library links {@code libcublas.so.12} with versioned
 * symbols, so it loads only where CUDA 12's cuBLAS is installed) and a small JNA binding to
 * whichever {@code libcublas.so.13}/{@code .so.12} is installed ({@link JnaBlas}: CUDA 13 machines).
 * Column-major, as cuBLAS itself; {@link CudaBf16Gemm} turns exmy's row-major shapes into calls.
 */
interface Blas extends AutoCloseable {
    /** cudaDataType and cuBLAS enums (cublas_api.h, library_types.h): stable across CUDA 11–13. */
    int CUDA_R_32F = 0;
    int CUDA_R_16BF = 14;
    int CUBLAS_OP_N = 0;
    int CUBLAS_OP_T = 1;
    int CUBLAS_COMPUTE_32F = 68;
    /** The default algorithm: tensor cores for BF16 inputs (the _TENSOR_OP variants are deprecated aliases). */
    int CUBLAS_GEMM_DEFAULT = -1;
    /**
     * Tensor cores allowed (the default for BF16 inputs), but no reduced-precision reductions: the
     * products and every sum stay in float32, as the fast mode's error bound assumes.
     */
    int MATH_MODE = 16; // CUBLAS_DEFAULT_MATH (0) | CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION (16)

    /** Binding, library file and cuBLAS version. */
    String describe();

    /**
     * {@code C_b = alpha·op(A_b)·op(B_b) + beta·C_b} (column-major) for b &lt; batch, with A and B
     * BF16, C float32, float32 compute on tensor cores, on the legacy default stream (where exmy's
     * kernels run).
     */
    void gemmBf16(boolean transA, boolean transB, int m, int n, int k, CUdeviceptr a, int lda, long strideA,
                  CUdeviceptr b, int ldb, long strideB, float alpha, float beta, CUdeviceptr c, int ldc, long strideC,
                  int batch);

    @Override
    void close();

    /**
     * Opens cuBLAS in the current CUDA context: the binding named by {@code -Dexmy.blas=jcublas|jna},
     * or by default the first of JCublas, JNA that loads. Throws saying why each failed.
     */
    static Blas open() {
        String choice = System.getProperty("exmy.blas", "auto").toLowerCase(Locale.ROOT);
        List<String> reasons = new ArrayList<>();
        if (choice.equals("auto") || choice.equals("jcublas")) {
            try {
                return new JCublasBlas();
            } catch (BackendUnavailableException e) {
                reasons.add("JCublas: " + e.getMessage());
            }
        }
        if (choice.equals("auto") || choice.equals("jna")) {
            try {
                return new JnaBlas();
            } catch (BackendUnavailableException e) {
                reasons.add("JNA: " + e.getMessage());
            }
        }
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("-Dexmy.blas=" + choice + ": use auto, jcublas or jna");
        }
        throw new BackendUnavailableException("cuBLAS could not be opened (" + String.join("; ", reasons) + ")");
    }

    static String statusName(int status) {
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cuBLAS status " + status;
        };
    }
}
