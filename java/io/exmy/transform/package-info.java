/**
 * The (randomized) Hadamard transform in blocks of 2 to 256 along rows or columns (Hadamard) and
 * its sizes and sign vectors (HadamardSpec): the reference of the transform kernels.
 *
 * <p>May use {@code block} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.transform;
