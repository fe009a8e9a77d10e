/**
 * Block-scaled quantization: block schemes (BlockScheme, BlockSchemes: presets and the text form),
 * block shapes and grids, scale formats and rules, single- and two-level scalers, and the reference
 * BlockQuantizer.
 *
 * <p>May use {@code format} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.block;
