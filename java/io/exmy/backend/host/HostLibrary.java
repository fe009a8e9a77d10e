package io.exmy.backend.host;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** JNA view of {@code cuda/host/exmy_host.cpp}. Spec arrays are {@code CastSpec#words()}. */
public interface HostLibrary extends Library {
    int ABI_VERSION = 1;

    int exmy_host_abi_version();

    void exmy_host_cast_f32(Pointer in, Pointer out, long n, long indexBase, int[] spec, int threads);

    void exmy_host_encode(Pointer in, Pointer codes, long rows, long cols, long indexBase, int[] spec,
                          int codesPerByte, int threads);

    void exmy_host_copy(Pointer dst, Pointer src, long bytes, int threads);

    void exmy_host_decode(Pointer codes, Pointer out, long rows, long cols, int[] spec, int codesPerByte, int threads);

    /** {@code cuda/host/exmy_host_matmul.cpp}: the exact GEMM; flags as {@code EXMY_GEMM_*}. */
    void exmy_host_gemm(Pointer a, Pointer b, Pointer c, int m, int n, int k, int lda, int ldb, int ldc, long strideA,
                        long strideB, long strideC, int batch, int flags, int threads);

    /** 1 if the GEMM runs its AVX2+FMA micro-kernel on this CPU, 0 for the portable one. */
    int exmy_host_gemm_simd();
}
