/**
 * JavaDevice: the reference as a device, each raw call the io.exmy twin on the buffers' Java
 * arrays (JavaCast, JavaBlock, JavaHadamard, JavaGemm, JavaTrain).
 *
 * <p>May use {@code backend}, {@code format}, {@code block}, {@code transform}, {@code ops},
 * {@code matmul} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.backend.java;
