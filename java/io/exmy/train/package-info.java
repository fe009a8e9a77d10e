/**
 * Training: the GPT model over the op families (Gpt), quantization per GEMM operand (QuantTargets,
 * QuantLinear) and of the KV cache, recipes as data (Recipe, RecipeReader, Recipes), the train
 * configuration read once (TrainConfigReader, TrainSettings), the optimizer, schedule, trainer,
 * checkpoints and snapshots, and the train run kind (docs/TRAINING.md).
 *
 * <p>May use {@code sweep}, {@code results}, {@code data}, {@code backend}, {@code backends},
 * {@code format}, {@code block}, {@code transform}, {@code ops}, {@code matmul}, {@code io}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.train;
