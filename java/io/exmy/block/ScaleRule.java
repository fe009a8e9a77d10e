package io.exmy.block;

import io.exmy.format.CastSpec;
import java.util.Locale;

/**
 * How a block's scale follows from its amax (single-level schemes; see {@link BlockScaler}). Each
 * rule is given a finite amax (non-finite blocks get a NaN scale before any rule runs) and returns
 * the scale as float32 bits of a value of the scale format. The element's max is the cast's
 * ({@link CastSpec#maxValue()}: QPyTorch's grid under compat=qpytorch). The numeric codes are shared
 * with {@code EXMY_RULE_*} in {@code cuda/exmy_block.cuh}.
 */
public enum ScaleRule {
    /**
     * OCP MX v1.0: X = 2^(⌊log2 amax⌋ − emax_elem), emax_elem the exponent of the element format's
     * largest binade, the exponent clamped to the scale format's powers of two. The largest element
     * lands in the element's top binade and may exceed its max, which saturation absorbs. An
     * all-zero block gets the scale format's smallest power of two. (torchao FLOOR, microxcaling.)
     */
    FLOOR(0, "floor") {
        @Override
        int scale(int amax, ScaleFormat sf, CastSpec elem) {
            if (amax == 0) {
                return BlockMath.pow2Bits(sf.minPow2());
            }
            return pow2(BlockMath.floorLog2(amax) - emaxOf(elem), sf);
        }
    },
    /**
     * The smallest power of two X with amax / X ≤ the element's max (exactly, in real arithmetic), so
     * that no element saturates; clamped to the scale format's powers of two (clamping down can
     * saturate again). All-zero block: the smallest power of two.
     */
    CEIL(1, "ceil") {
        @Override
        int scale(int amax, ScaleFormat sf, CastSpec elem) {
            if (amax == 0) {
                return BlockMath.pow2Bits(sf.minPow2());
            }
            int maxBits = Float.floatToRawIntBits(elem.maxValue());
            int up = BlockMath.significand(amax) > BlockMath.significand(maxBits) ? 1 : 0;
            return pow2(BlockMath.floorLog2(amax) - emaxOf(elem) + up, sf);
        }
    },
    /**
     * The FP scaling-law papers' scheme: S = fl32(amax ÷ max_elem), rounded to the scale format
     * ({@link ScaleFormat#roundBits}); elements are cast(fl32(x ÷ S)). S = 0 (an all-zero block, or
     * an amax too small for the scale format) quantizes the block to zeros.
     */
    AMAX(2, "amax") {
        @Override
        int scale(int amax, ScaleFormat sf, CastSpec elem) {
            float r = Float.intBitsToFloat(amax) / elem.maxValue();
            return sf.roundBits(Float.floatToRawIntBits(r));
        }
    },
    /**
     * cuBLAS / Transformer Engine MXFP8 / torchao RCEIL: d = fl32(amax × fl32(1 ÷ max_elem)) rounded up
     * to a power of two, X = ⌈log2 d⌉ clamped to the scale format's powers (TE's float_to_e8m0: 0 gives
     * code 0, saturation at 2^127). With an e8m0 scale, a block whose scale is 2^−127 (code 0) has its
     * elements multiplied by 1, not divided by 2^−127: TE's {@code exp2f_rcp} and torchao return 1 for
     * code 0 ({@link SingleLevelScaler#quantize}).
     */
    RCEIL(3, "rceil") {
        @Override
        int scale(int amax, ScaleFormat sf, CastSpec elem) {
            float d = Float.intBitsToFloat(amax) * (1f / elem.maxValue());
            int db = Float.floatToRawIntBits(d);
            if (db == 0) {
                return BlockMath.pow2Bits(sf.minPow2());
            }
            if (db >= io.exmy.format.ExmyCast.INF) {
                return BlockMath.pow2Bits(sf.maxPow2());
            }
            int up = BlockMath.significand(db) != 0x800000 ? 1 : 0;
            return pow2(BlockMath.floorLog2(db) + up, sf);
        }
    },
    /**
     * torchao EVEN: amax's float32 pattern rounded at the element's mantissa width first (add
     * 2^(22 − M), keep sign and exponent: a binade bump when amax rounds up), then as {@link #FLOOR}.
     */
    EVEN(4, "even") {
        @Override
        int scale(int amax, ScaleFormat sf, CastSpec elem) {
            int m = elem.format().mantissaBits();
            int r = m >= 23 ? amax & 0xFF800000 : (amax + (1 << (22 - m))) & 0xFF800000;
            if (r == 0) {
                return BlockMath.pow2Bits(sf.minPow2());
            }
            return pow2(BlockMath.floorLog2(r) - emaxOf(elem), sf);
        }
    },
    /**
     * torchao CEIL: 2^(⌈log2 amax⌉ − emax_elem) — amax rounded up to a power of two, then as
     * {@link #FLOOR}. Unlike {@link #CEIL} it ignores the element's mantissa: e4m3 with amax 400 gets
     * 2 (400/2 = 200), where {@code ceil} gives 1 (400 ≤ 448).
     */
    PCEIL(5, "pceil") {
        @Override
        int scale(int amax, ScaleFormat sf, CastSpec elem) {
            if (amax == 0) {
                return BlockMath.pow2Bits(sf.minPow2());
            }
            int up = BlockMath.significand(amax) != 0x800000 ? 1 : 0;
            return pow2(BlockMath.floorLog2(amax) + up - emaxOf(elem), sf);
        }
    };

    public final int code;
    public final String label;

    ScaleRule(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The scale of a block whose finite amax (as float32 bits, ≥ 0) is {@code amax}. */
    abstract int scale(int amax, ScaleFormat sf, CastSpec elem);

    /** Whether the scale is always a power of two (every rule but {@link #AMAX}). */
    public boolean powerOfTwo() {
        return this != AMAX;
    }

    /** emax_elem: ⌊log2⌋ of the element cast's largest value (the exponent of its top binade). */
    static int emaxOf(CastSpec elem) {
        return BlockMath.floorLog2(Float.floatToRawIntBits(elem.maxValue()));
    }

    static int pow2(int exponent, ScaleFormat sf) {
        return BlockMath.pow2Bits(Math.max(sf.minPow2(), Math.min(sf.maxPow2(), exponent)));
    }

    public static ScaleRule parse(String s) {
        for (ScaleRule r : values()) {
            if (r.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown scale rule '" + s + "': use floor (OCP MX), ceil, amax, rceil"
                + " (TE/cuBLAS), even (torchao EVEN) or pceil (torchao CEIL)");
    }
}
