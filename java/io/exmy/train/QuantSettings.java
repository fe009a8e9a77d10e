package io.exmy.train;

/**
 * How a run quantizes, parsed and checked once from its configuration ({@link QuantSettingsReader}):
 * its recipe, the values the recipe reads, the per-operand overrides of {@code quant_ops}, whether
 * the LM head is quantized too, and what all that makes — the linear layers' quantized operands
 * and the attention's KV quantization.
 */
public record QuantSettings(Recipe recipe, RecipeValues values, QuantOps ops, boolean head, QuantTargets targets,
                            KvQuant kv) {

    /** The switches in effect (all on for a recipe without switches). */
    public Switches switches() {
        return values.switches();
    }
}
