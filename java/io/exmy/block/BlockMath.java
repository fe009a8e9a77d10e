package io.exmy.block;

import io.exmy.format.ExmyCast;

/**
 * The scalar pieces of block scaling, on float32 bit patterns: amax, ⌊log2⌋ from the bits, powers
 * of two, and the one multiplication every dequantization goes through. Java twin of
 * {@code cuda/exmy_block.cuh}; the arithmetic is integer bit manipulation and single IEEE float32
 * operations, which Java, g++ (-ffp-contract=off) and nvcc (-fmad=false, -prec-div=true) all
 * round the same way.
 */
public final class BlockMath {
    public static final int SIGN = 0x80000000;
    public static final int FLT_MAX = 0x7F7FFFFF;

    private BlockMath() {
    }

    /** |x| as bits. Over a block, the largest of these is the amax: NaN above inf above every finite. */
    public static int absBits(int x) {
        return x & 0x7FFFFFFF;
    }

    public static boolean isNaN(int bits) {
        return (bits & 0x7FFFFFFF) > ExmyCast.INF;
    }

    /** ⌊log2 a⌋ of a positive finite float32 given as bits (subnormals included). */
    public static int floorLog2(int a) {
        int biased = a >>> 23;
        return biased != 0 ? biased - 127 : -118 - Integer.numberOfLeadingZeros(a);
    }

    /** The 24-bit significand of a positive finite float32, normalised so that bit 23 is its leading one. */
    public static int significand(int a) {
        int biased = a >>> 23;
        return biased != 0 ? (a & 0x7FFFFF) | 0x800000 : a << (Integer.numberOfLeadingZeros(a) - 8);
    }

    /** float32 bits of 2^e, −149 ≤ e ≤ 127. */
    public static int pow2Bits(int e) {
        return e >= -126 ? (e + 127) << 23 : 1 << (e + 149);
    }

    /**
     * q · s, the dequantization product: fl32(q × s), except that a NaN operand or result (0 · inf) gives the
     * quiet NaN 0x7FC00000 with q's sign (so the result never depends on how a platform propagates NaN payloads).
     */
    public static int mulScale(int q, int s) {
        if (isNaN(q) || isNaN(s)) {
            return ExmyCast.QNAN | (q & SIGN);
        }
        float p = Float.intBitsToFloat(q) * Float.intBitsToFloat(s);
        return Float.isNaN(p) ? ExmyCast.QNAN | (q & SIGN) : Float.floatToRawIntBits(p); // 0 · inf
    }

    static float f(int bits) {
        return Float.intBitsToFloat(bits);
    }

    static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }
}
