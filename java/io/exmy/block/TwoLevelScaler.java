package io.exmy.block;

import io.exmy.format.CastSpec;
import io.exmy.format.ExmyCast;

/**
 * Block scales under a float32 tensor scale, for any element cast E (max {@code emax}) and ExMy scale
 * format S (max {@code smax}) — for NVFP4, E2M1 (6) and E4M3 (448) — in one of two libraries'
 * arithmetic ({@link TensorScaleRule}). Every step is one float32 operation, rounded:
 *
 * <p><b>TE</b>: NVIDIA Transformer Engine's NVFP4 ({@code NVFP4QuantizerRef._quantize_blockwise_reference},
 * and {@code compute_global_encode_scaling_factor_FP4} in {@code core_nvfp4.cuh} for G = 0):
 * <pre>
 *   G    = max |x| over the tensor
 *   ges  = min(fl(smax·emax) / G, FLT_MAX); 1 if G = 0 or the quotient is 0 (G = inf)
 *   gds  = 1 / ges                                                 the stored tensor scale
 *   mult = ges · (1 / emax)
 *   per block, amax A:
 *     s  = cast_S(min(min(A · mult, FLT_MAX), smax))              RNE; the stored block scale
 *     es = min(1 / (s · gds), FLT_MAX)
 *     q  = cast_E(clamp(x · es, −emax, emax))                      the element, with its cast spec
 *   dequantized = (q · s) · gds
 * </pre>
 * A NaN anywhere makes G NaN, and then — as in Transformer Engine, where every scale turns NaN —
 * every element is the quiet NaN with its sign, every block scale NaN, and the tensor scale NaN.
 * Where exmy differs from Transformer Engine's reference: the element cast keeps the sign of zero
 * (TE's table maps −0.0 to the code of +0, exmy gives −0, code 0x8), and a NaN element gets exmy's
 * code for NaN (E2M1 has none, so ±6, codes 0x7 and 0xF; TE writes code 0). Dequantized values are
 * equal.
 *
 * <p><b>TORCHAO</b>: torchao's {@code _nvfp4_quantize} with {@code per_tensor_scale =
 * per_tensor_amax_to_scale(G)} ({@code torchao/prototype/mx_formats/nvfp4_tensor.py}):
 * <pre>
 *   P    = G / fl(smax·emax)                                       the stored tensor scale
 *   per block, amax A:
 *     s  = cast_S(clamp(fl(A / emax) / P, minNormal_S, smax))      RNE; NaN stays NaN
 *     t  = P · s
 *     q  = cast_E(clamp(x / t, −emax, emax))
 *   dequantized = q · (P · s)
 * </pre>
 * No special cases: an all-zero tensor gives P = 0, 0/0 block scales and NaN everywhere, as torchao
 * does. Every NaN an operation produces is the quiet NaN 0x7FC00000 (scales) or with x's sign
 * (elements), because platforms differ in the NaN a division returns.
 */
final class TwoLevelScaler implements BlockScaler {
    private final BlockScheme scheme;
    private final CastSpec element;
    private final boolean torchao;
    private final boolean nan;
    private final float emax;
    private final float smax;
    /** TE: gds, the decode scale; torchao: P, the per-tensor scale. Either is what is stored. */
    private final float stored;
    private final float mult;

    private TwoLevelScaler(BlockScheme scheme, boolean nan, float stored, float mult) {
        this.scheme = scheme;
        this.element = scheme.element();
        this.torchao = scheme.tensorScaleRule() == TensorScaleRule.TORCHAO;
        this.nan = nan;
        this.emax = element.maxValue();
        this.smax = scheme.scaleFormat().maxValue();
        this.stored = stored;
        this.mult = mult;
    }

    static TwoLevelScaler fromTensorAmax(BlockScheme s, int tensorAmax) {
        if (BlockMath.isNaN(tensorAmax)) {
            return new TwoLevelScaler(s, true, Float.NaN, Float.NaN);
        }
        float emax = s.element().maxValue();
        float smax = s.scaleFormat().maxValue();
        float g = Float.intBitsToFloat(tensorAmax);
        if (s.tensorScaleRule() == TensorScaleRule.TORCHAO) {
            return new TwoLevelScaler(s, false, g / (smax * emax), Float.NaN);
        }
        float ges = smax * emax / g;
        if (ges > Float.MAX_VALUE) {
            ges = Float.MAX_VALUE;
        }
        if (tensorAmax == 0 || ges == 0f) {
            ges = 1f;
        }
        float gds = 1f / ges;
        float mult = ges * (1f / emax);
        return new TwoLevelScaler(s, false, gds, mult);
    }

    /** For dequantization: only the stored tensor scale matters. */
    static TwoLevelScaler fromDecodeScale(BlockScheme s, int storedBits) {
        return new TwoLevelScaler(s, BlockMath.isNaN(storedBits), Float.intBitsToFloat(storedBits), Float.NaN);
    }

    @Override
    public int blockScale(int amax) {
        if (nan) {
            return ExmyCast.QNAN;
        }
        if (torchao) {
            float sbs = Float.intBitsToFloat(amax) / emax / stored;
            if (Float.isNaN(sbs)) {
                return ExmyCast.QNAN;
            }
            float lo = scheme.scaleFormat().format().minNormal();
            if (sbs < lo) {
                sbs = lo;
            } else if (sbs > smax) {
                sbs = smax;
            }
            return scheme.scaleFormat().roundBits(Float.floatToRawIntBits(sbs));
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

    /** TE: es = min(1 / (s · gds), FLT_MAX), the multiplier that takes a block's elements to the element range. */
    float encodeScale(int scale) {
        float es = 1f / (Float.intBitsToFloat(scale) * stored);
        return es > Float.MAX_VALUE ? Float.MAX_VALUE : es;
    }

    @Override
    public int quantize(int x, int scale, long index) {
        int sign = x & BlockMath.SIGN;
        if (nan || BlockMath.isNaN(scale)) {
            return ExmyCast.QNAN | sign;
        }
        float y;
        if (torchao) {
            y = Float.intBitsToFloat(x) / (stored * Float.intBitsToFloat(scale));
            if (Float.isNaN(y)) {
                return ExmyCast.QNAN | sign;
            }
        } else {
            y = Float.intBitsToFloat(x) * encodeScale(scale);
        }
        if (y > emax) {
            y = emax;
        } else if (y < -emax) {
            y = -emax;
        }
        return ExmyCast.castBits(Float.floatToRawIntBits(y), element, index);
    }

    @Override
    public int dequantize(int q, int scale) {
        int st = Float.floatToRawIntBits(stored);
        if (torchao) {
            return BlockMath.mulScale(q, BlockMath.mulScale(st, scale));
        }
        return BlockMath.mulScale(BlockMath.mulScale(q, scale), st);
    }

    @Override
    public int tensorScale() {
        return nan || Float.isNaN(stored) ? ExmyCast.QNAN : Float.floatToRawIntBits(stored);
    }
}
