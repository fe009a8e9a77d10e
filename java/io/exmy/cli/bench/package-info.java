/**
 * exmy bench and its subcommands (cast, quantize, hadamard, matmul, train-ops, train, fit): which
 * backends to measure, sizes, and where the Markdown report goes (BenchOutput, BenchReport).
 *
 * <p>May use {@code cli.common}, {@code bench}, {@code train}, {@code quantized}, {@code backend},
 * {@code backends}, {@code format}, {@code block}, {@code transform}, {@code io}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.cli.bench;
