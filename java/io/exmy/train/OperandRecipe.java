package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.train.QuantTargets.Operand;

/**
 * What a recipe does to one GEMM operand: a block scheme, fixed or written over run settings, with
 * its blocks turned along the GEMM's K (the usual case: one scale per partial sum) or
 * {@code asStored} — as written, in the tensor's own layout (W: out × in, X and dY: tokens ×
 * features), for quantizing a tensor rather than a GEMM operand (Kumar et al.'s W per output
 * channel in both the forward and the input-gradient GEMM).
 */
record OperandRecipe(Operand operand, SchemeTemplate scheme, BlockScheme fixed, boolean asStored) {

    /** A fixed scheme is read here, once, and turned along K unless kept as stored. */
    static OperandRecipe of(Operand o, String text, boolean asStored) {
        SchemeTemplate t = new SchemeTemplate(text);
        if (!t.isFixed()) {
            return new OperandRecipe(o, t, null, asStored);
        }
        BlockScheme s = BlockSchemes.parse(t.text());
        return new OperandRecipe(o, t, asStored ? s : QuantTargets.schemeFor(o, s), asStored);
    }

    /** The canonical text: a fixed scheme's (as the record's {@code targets} shows it), else the template. */
    String text() {
        return fixed != null ? BlockSchemes.format(fixed) : scheme.text();
    }

    /**
     * The run's scheme for this operand with the switched-off techniques taken out, or null when its
     * element format is a setting that says "not quantized" ({@code format: fp32}, {@code pw: none}):
     * so the fp32 point of a grid axis over formats is the unquantized baseline.
     */
    BlockScheme resolve(RecipeValues v) {
        BlockScheme s = fixed;
        if (s == null) {
            String element = scheme.elementSetting();
            if (element != null && v.unquantized(element)) {
                return null;
            }
            s = BlockSchemes.parse(scheme.fill(v::text));
        }
        return v.switches().apply(operand, s);
    }

    QuantTargets place(QuantTargets t, BlockScheme s) {
        return asStored ? t.withTensorScheme(operand, s) : t.with(operand, s);
    }
}
