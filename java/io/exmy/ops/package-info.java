/**
 * The training ops' Java reference (Encoder, LayerNorm, Gelu, Attention, Rope, CrossEntropy, AdamW,
 * Elementwise, …), exmy's exp/log/tanh (ExmyMath) and the fixed reduction orders (ColumnOrder,
 * LaneOrder): the exact sequences of float operations the kernels repeat (docs/TRAINING_OPS.md).
 *
 * <p>May use no other exmy package (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.ops;
