/**
 * Post-training quantization (docs/PTQ.md): the GPTQ grid (IntGrid), RTN, GPTQ with its Cholesky in
 * Java, Hessians through the backend's exact GEMM, and the ptq run kind.
 *
 * <p>May use {@code train}, {@code sweep}, {@code results}, {@code data}, {@code backend},
 * {@code backends}, {@code format}, {@code matmul}, {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.ptq;
