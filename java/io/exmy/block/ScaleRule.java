package io.exmy.block;

import io.exmy.format.Format;
import java.util.Locale;

/**
 * How a block's scale follows from its amax (single-level schemes; see {@link BlockScaler}). Each
 * rule is given a finite amax (non-finite blocks get a NaN scale before any rule runs) and returns
 * the scale as float32 bits of a value of the scale format. The numeric codes are shared with
 * {@code EXMY_RULE_*} in {@code cuda/exmy_block.cuh}.
 */
public enum ScaleRule {
    /**
     * OCP MX v1.0: X = 2^(⌊log2 amax⌋ − emax_elem), emax_elem the exponent of the element format's
     * largest binade, the exponent clamped to the scale format's powers of two. The largest element
     * lands in the element's top binade and may exceed its max, which saturation absorbs. An
     * all-zero block gets the scale format's smallest power of two.
     */
    FLOOR(0, "floor") {
        @Override
        int scale(int amax, ScaleFormat sf, Format elem) {
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
        int scale(int amax, ScaleFormat sf, Format elem) {
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
        int scale(int amax, ScaleFormat sf, Format elem) {
            float r = Float.intBitsToFloat(amax) / elem.maxValue();
            return sf.roundBits(Float.floatToRawIntBits(r));
        }
    };

    public final int code;
    public final String label;

    ScaleRule(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The scale of a block whose finite amax (as float32 bits, ≥ 0) is {@code amax}. */
    abstract int scale(int amax, ScaleFormat sf, Format elem);

    /** emax_elem: ⌊log2⌋ of the element format's largest value (the exponent of its top binade). */
    static int emaxOf(Format elem) {
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
        throw new IllegalArgumentException("unknown scale rule '" + s + "': use floor (OCP MX), ceil or amax");
    }
}
