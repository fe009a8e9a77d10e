/**
 * KernelDevice: one launch class per .cu file (CastKernels, …, RopeKernels: launch geometry and
 * argument packing) over a KernelRuntime (memory and launches by name), shared by cuda and emu;
 * Grid, Scratch, the BF16 GEMM interface.
 *
 * <p>May use {@code backend}, {@code format}, {@code block}, {@code transform}, {@code ops},
 * {@code matmul} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.backend.kernel;
