/**
 * The streamed commands' engines: cast, codes, block quantization and dequantization of .npy files
 * of any size, chunk by chunk, with the whole array's bits (docs/FORMATS.md, "Large arrays").
 *
 * <p>May use {@code backend}, {@code format}, {@code block}, {@code io} (docs/ARCHITECTURE.md,
 * "Layers").
 */
package io.exmy.stream;
