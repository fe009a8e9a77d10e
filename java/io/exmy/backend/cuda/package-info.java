/**
 * CudaRuntime: the KernelRuntime of the GPU through JCuda's driver API (context, fatbin modules,
 * launches, events), and Blas: cuBLAS (JCublas or a JNA binding) for the fast BF16 GEMM.
 *
 * <p>May use {@code backend}, {@code backend.kernel}, {@code matmul} (docs/ARCHITECTURE.md,
 * "Layers").
 */
package io.exmy.backend.cuda;
