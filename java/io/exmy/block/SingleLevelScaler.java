package io.exmy.block;

import io.exmy.format.CastSpec;
import io.exmy.format.ExmyCast;

/**
 * One scale S per block, from the block's amax by the scheme's {@link ScaleRule}:
 * <ul>
 * <li>a block holding NaN or ±inf gets a NaN scale, and each of its elements becomes the quiet NaN
 *     with its own sign (microxcaling's behaviour; OCP MX defines NaN only);</li>
 * <li>otherwise the rule gives S, and q = cast(fl32(x ÷ S)) with the element's cast spec — except
 *     S = 0, where q = ±0 with x's sign (there is no quotient to cast), and the rceil rule's e8m0
 *     code 0 (S = 2^−127), where q = cast(x): Transformer Engine and torchao multiply by 1 there;</li>
 * <li>the dequantized value is q · S ({@link BlockMath#mulScale}).</li>
 * </ul>
 */
final class SingleLevelScaler implements BlockScaler {
    private final BlockScheme scheme;
    /** 2^−127, e8m0's code 0. */
    private static final int MIN_E8M0 = BlockMath.pow2Bits(ScaleFormat.E8M0_MIN_EXP);
    private final CastSpec element;
    /** rceil with e8m0 scales: code 0's elements are x · 1 (see {@link ScaleRule#RCEIL}). */
    private final boolean unitAtMinimum;

    SingleLevelScaler(BlockScheme scheme) {
        this.scheme = scheme;
        this.element = scheme.element();
        this.unitAtMinimum = scheme.rule() == ScaleRule.RCEIL && scheme.scaleFormat().kind() == ScaleFormat.Kind.E8M0;
    }

    @Override
    public int blockScale(int amax) {
        if (amax >= ExmyCast.INF) {
            return ExmyCast.QNAN;
        }
        return scheme.rule().scale(amax, scheme.scaleFormat(), element);
    }

    @Override
    public int quantize(int x, int scale, long index) {
        if (BlockMath.isNaN(scale)) {
            return ExmyCast.QNAN | (x & BlockMath.SIGN);
        }
        if (BlockMath.absBits(scale) == 0) {
            return x & BlockMath.SIGN;
        }
        if (unitAtMinimum && scale == MIN_E8M0) {
            return ExmyCast.castBits(x, element, index); // TE and torchao multiply by 1 at code 0
        }
        float y = Float.intBitsToFloat(x) / Float.intBitsToFloat(scale);
        return ExmyCast.castBits(Float.floatToRawIntBits(y), element, index);
    }

    @Override
    public int dequantize(int q, int scale) {
        return BlockMath.mulScale(q, scale);
    }

    @Override
    public int tensorScale() {
        return 0;
    }
}
