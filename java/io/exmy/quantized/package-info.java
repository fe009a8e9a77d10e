/**
 * Computations composed from a Backend's op families: QuantizedMatmul, C = deq(Qa(A))·deq(Qb(B)) with
 * each operand block-quantized along K, exact on every backend or fast (BF16 on tensor cores) with
 * its fallback and reasons (exmy matmul, exmy bench matmul).
 *
 * <p>May use {@code backend}, {@code format}, {@code block}, {@code matmul} (docs/ARCHITECTURE.md,
 * "Layers").
 */
package io.exmy.quantized;
