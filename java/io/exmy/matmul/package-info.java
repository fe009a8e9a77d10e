/**
 * The reference GEMM: its shape (GemmShape: batched, strided, transposes, accumulate), the exact
 * float32 FMA chain (ExactGemm), the fast mode's BF16 packing twin (Bf16) and the fast mode's
 * error bound (ErrorBound).
 *
 * <p>May use no other exmy package (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.matmul;
