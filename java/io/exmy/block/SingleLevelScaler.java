package io.exmy.block;

import io.exmy.format.CastSpec;
import io.exmy.format.ExmyCast;

/**
 * One scale S per block, from the block's amax by the scheme's {@link ScaleRule}:
 * <ul>
 * <li>a block holding NaN or ±inf gets a NaN scale, and each of its elements becomes the quiet NaN
 *     with its own sign (microxcaling's behaviour; OCP MX defines NaN only);</li>
 * <li>otherwise the rule gives S, and q = cast(fl32(x ÷ S)) with the element's cast spec — except
 *     S = 0, where q = ±0 with x's sign (there is no quotient to cast);</li>
 * <li>the dequantized value is q · S ({@link BlockMath#mulScale}).</li>
 * </ul>
 */
final class SingleLevelScaler implements BlockScaler {
    private final BlockScheme scheme;
    private final CastSpec element;

    SingleLevelScaler(BlockScheme scheme) {
        this.scheme = scheme;
        this.element = scheme.element();
    }

    @Override
    public int blockScale(int amax) {
        if (amax >= ExmyCast.INF) {
            return ExmyCast.QNAN;
        }
        return scheme.rule().scale(amax, scheme.scaleFormat(), element.format());
    }

    @Override
    public int quantize(int x, int scale, long index) {
        if (BlockMath.isNaN(scale)) {
            return ExmyCast.QNAN | (x & BlockMath.SIGN);
        }
        if (BlockMath.absBits(scale) == 0) {
            return x & BlockMath.SIGN;
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
