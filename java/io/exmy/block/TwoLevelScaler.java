package io.exmy.block;

import io.exmy.format.CastSpec;
import io.exmy.format.ExmyCast;

/**
 * Block scales under a float32 tensor scale: NVIDIA Transformer Engine's reference NVFP4 quantizer
 * ({@code NVFP4QuantizerRef._quantize_blockwise_reference}, 1×16 tiles, non-power-of-two scales),
 * written for any element format E (max {@code emax}) and ExMy scale format S (max {@code smax}) —
 * for NVFP4, E2M1 (6) and E4M3 (448). In float32 arithmetic, each step rounded:
 *
 * <pre>
 *   G    = max |x| over the tensor
 *   ges  = min(fl(smax·emax) / G, FLT_MAX), then 1 if it is 0     (G = 0 gives FLT_MAX; G = inf gives 1)
 *   gds  = 1 / ges                                                 the stored tensor scale
 *   mult = ges · (1 / emax)
 *   per block, amax A:
 *     s  = cast_S(min(min(A · mult, FLT_MAX), smax))              RNE; the stored block scale
 *     es = min(1 / (s · gds), FLT_MAX)
 *     q  = cast_E(clamp(x · es, −emax, emax))                      the element, with its cast spec
 *   dequantized = (q · s) · gds
 * </pre>
 *
 * A NaN anywhere makes G NaN, and then — as in Transformer Engine, where every scale turns NaN —
 * every element is the quiet NaN with its sign, every block scale NaN, and the tensor scale NaN.
 * Where exmy differs from Transformer Engine: the element cast keeps the sign of zero (TE's table
 * maps −0.0 to the code of +0, exmy gives −0, code 0x8), and a NaN element gets exmy's code for NaN
 * (E2M1 has none, so ±6, codes 0x7 and 0xF; TE writes code 0). Dequantized values are equal.
 */
final class TwoLevelScaler implements BlockScaler {
    private final BlockScheme scheme;
    private final CastSpec element;
    private final boolean nan;
    private final float emax;
    private final float smax;
    private final float gds;
    private final float mult;

    private TwoLevelScaler(BlockScheme scheme, boolean nan, float gds, float mult) {
        this.scheme = scheme;
        this.element = scheme.element();
        this.nan = nan;
        this.emax = element.format().maxValue();
        this.smax = scheme.scaleFormat().maxValue();
        this.gds = gds;
        this.mult = mult;
    }

    static TwoLevelScaler fromTensorAmax(BlockScheme s, int tensorAmax) {
        if (BlockMath.isNaN(tensorAmax)) {
            return new TwoLevelScaler(s, true, Float.NaN, Float.NaN);
        }
        float emax = s.element().format().maxValue();
        float smax = s.scaleFormat().maxValue();
        float ges = smax * emax / Float.intBitsToFloat(tensorAmax);
        if (ges > Float.MAX_VALUE) {
            ges = Float.MAX_VALUE;
        }
        if (ges == 0f) {
            ges = 1f;
        }
        float gds = 1f / ges;
        float mult = ges * (1f / emax);
        return new TwoLevelScaler(s, false, gds, mult);
    }

    /** For dequantization: only the stored decode scale matters. */
    static TwoLevelScaler fromDecodeScale(BlockScheme s, int gdsBits) {
        return new TwoLevelScaler(s, BlockMath.isNaN(gdsBits), Float.intBitsToFloat(gdsBits), Float.NaN);
    }

    @Override
    public int blockScale(int amax) {
        if (nan) {
            return ExmyCast.QNAN;
        }
        float ds = Float.intBitsToFloat(amax) * mult;
        if (ds > Float.MAX_VALUE) {
            ds = Float.MAX_VALUE;
        }
        if (ds > smax) {
            ds = smax;
        }
        return scheme.scaleFormat().roundBits(Float.floatToRawIntBits(ds));
    }

    /** es = min(1 / (s · gds), FLT_MAX), the multiplier that takes a block's elements to the element range. */
    float encodeScale(int scale) {
        float es = 1f / (Float.intBitsToFloat(scale) * gds);
        return es > Float.MAX_VALUE ? Float.MAX_VALUE : es;
    }

    @Override
    public int quantize(int x, int scale, long index) {
        if (nan || BlockMath.isNaN(scale)) {
            return ExmyCast.QNAN | (x & BlockMath.SIGN);
        }
        float y = Float.intBitsToFloat(x) * encodeScale(scale);
        if (y > emax) {
            y = emax;
        } else if (y < -emax) {
            y = -emax;
        }
        return ExmyCast.castBits(Float.floatToRawIntBits(y), element, index);
    }

    @Override
    public int dequantize(int q, int scale) {
        return BlockMath.mulScale(BlockMath.mulScale(q, scale), Float.floatToRawIntBits(gds));
    }

    @Override
    public int tensorScale() {
        return nan ? ExmyCast.QNAN : Float.floatToRawIntBits(gds);
    }
}
