package io.exmy.backend.cuda;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.kernel.KernelFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jcuda.driver.CUdeviceptr;

/**
 * cuBLAS through a small JNA binding to the installed {@code libcublas.so.13} or {@code .so.12}:
 * the six functions exmy calls, device pointers passed as raw addresses ({@link DevicePointers}).
 * For CUDA 13 machines, where JCublas 12.6 cannot load.
 */
final class JnaBlas implements Blas {
    /** The C API (cublas_api.h); enums are ints, handles and device pointers are pointers. */
    interface CublasLibrary extends Library {
        int cublasCreate_v2(PointerByReference handle);

        int cublasDestroy_v2(Pointer handle);

        int cublasSetStream_v2(Pointer handle, Pointer stream);

        int cublasSetMathMode(Pointer handle, int mode);

        int cublasGetVersion_v2(Pointer handle, IntByReference version);

        int cublasGemmEx(Pointer handle, int transa, int transb, int m, int n, int k, Pointer alpha, Pointer a,
                         int aType, int lda, Pointer b, int bType, int ldb, Pointer beta, Pointer c, int cType, int ldc,
                         int computeType, int algo);

        int cublasGemmStridedBatchedEx(Pointer handle, int transa, int transb, int m, int n, int k, Pointer alpha,
                                       Pointer a, int aType, int lda, long strideA, Pointer b, int bType, int ldb,
                                       long strideB, Pointer beta, Pointer c, int cType, int ldc, long strideC,
                                       int batchCount, int computeType, int algo);
    }

    private final CublasLibrary lib;
    private final String file;
    private final Pointer handle;
    private final String version;
    private final Memory alpha = new Memory(4);
    private final Memory beta = new Memory(4);
    private boolean closed;

    JnaBlas() {
        Loaded loaded = load();
        lib = loaded.lib;
        file = loaded.file;
        PointerByReference h = new PointerByReference();
        int status = lib.cublasCreate_v2(h);
        if (status != 0) {
            throw new BackendUnavailableException(file + ": cublasCreate_v2 failed: " + Blas.statusName(status));
        }
        handle = h.getValue();
        check(lib.cublasSetStream_v2(handle, null), "cublasSetStream_v2");
        check(lib.cublasSetMathMode(handle, MATH_MODE), "cublasSetMathMode");
        IntByReference v = new IntByReference();
        check(lib.cublasGetVersion_v2(handle, v), "cublasGetVersion_v2");
        int n = v.getValue();
        version = n / 10000 + "." + n / 100 % 100 + "." + n % 100;
    }

    record Loaded(CublasLibrary lib, String file) {
    }

    /**
     * Where cuBLAS may be: {@code -Dexmy.cublas=/path/libcublas.so.N} first, then the sonames (found
     * through the loader's path and cache), then the usual CUDA install directories.
     */
    static List<String> candidates() {
        Set<String> c = new LinkedHashSet<>();
        String explicit = System.getProperty("exmy.cublas");
        if (explicit != null) {
            c.add(explicit);
        }
        List<String> dirs = new ArrayList<>();
        for (String env : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String v = System.getenv(env);
            if (v != null) {
                dirs.add(v + "/lib64");
                dirs.add(v + "/targets/x86_64-linux/lib");
            }
        }
        dirs.add("/usr/local/cuda/lib64");
        dirs.add("/usr/local/cuda/targets/x86_64-linux/lib");
        dirs.add("/usr/local/cuda-13.0/targets/x86_64-linux/lib");
        dirs.add("/usr/lib/x86_64-linux-gnu");
        for (String so : new String[] {"libcublas.so.13", "libcublas.so.12"}) {
            c.add(so);
            for (String d : dirs) {
                if (Files.isRegularFile(Path.of(d, so))) {
                    c.add(d + "/" + so);
                }
            }
        }
        return new ArrayList<>(c);
    }

    /** The first candidate that loads, or a {@link BackendUnavailableException} naming every one tried. */
    static Loaded load() {
        List<String> tried = new ArrayList<>();
        for (String name : candidates()) {
            try {
                return new Loaded(Native.load(name, CublasLibrary.class), name);
            } catch (UnsatisfiedLinkError e) {
                tried.add(name);
            }
        }
        throw new BackendUnavailableException("no cuBLAS library found (tried " + String.join(", ", tried)
                + "; set -Dexmy.cublas=/path/to/libcublas.so.13 if it is elsewhere)");
    }

    private void check(int status, String call) {
        if (status != 0) {
            throw new KernelFailure(file + ": " + call + " failed: " + Blas.statusName(status));
        }
    }

    @Override
    public String describe() {
        return "cuBLAS " + version + " through JNA (" + file + ")";
    }

    @Override
    public void gemmBf16(boolean transA, boolean transB, int m, int n, int k, CUdeviceptr a, int lda, long strideA,
                         CUdeviceptr b, int ldb, long strideB, float alphaValue, float betaValue, CUdeviceptr c, int ldc,
                         long strideC, int batch) {
        alpha.setFloat(0, alphaValue);
        beta.setFloat(0, betaValue);
        check(lib.cublasGemmStridedBatchedEx(handle, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
                transB ? CUBLAS_OP_T : CUBLAS_OP_N, m, n, k, alpha, device(a), CUDA_R_16BF, lda, strideA, device(b),
                CUDA_R_16BF, ldb, strideB, beta, device(c), CUDA_R_32F, ldc, strideC, batch, CUBLAS_COMPUTE_32F,
                CUBLAS_GEMM_DEFAULT), "cublasGemmStridedBatchedEx");
    }

    private static Pointer device(CUdeviceptr p) {
        return new Pointer(DevicePointers.address(p));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lib.cublasDestroy_v2(handle);
            alpha.close();
            beta.close();
        }
    }
}
