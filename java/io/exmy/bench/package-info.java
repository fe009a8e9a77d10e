/**
 * Benchmark programs, figures not tests: casts, block quantization, Hadamard, matmul, training ops
 * and whole training steps per backend (TrainBenchmark), and the fitters (docs/BENCHMARKS.md).
 *
 * <p>May use {@code train}, {@code data}, {@code fit}, {@code fit.data}, {@code fit.law},
 * {@code fit.solve}, {@code quantized}, {@code backend},
 * {@code format}, {@code block}, {@code transform}, {@code ops}, {@code matmul}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.bench;
