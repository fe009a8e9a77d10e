package io.exmy.format;

/**
 * Packed codes of formats of at most 8 bits: sign | exponent field | mantissa field, the sign in
 * bit E+M. Reference twin of {@code exmy_encode_bits}/{@code exmy_decode_bits} in CUDA.
 *
 * <p>NaN has no code in a {@code finite} format; it encodes as the code of ±max, the same value
 * that format gives every other input it cannot hold (inf, overflow).
 */
public final class Codes {
    private Codes() {
    }

    /** Casts x and returns its code. */
    public static int encode(float x, CastSpec spec, long index) {
        return encodeBits(ExmyCast.castBits(Float.floatToRawIntBits(x), spec, index), spec.format());
    }

    /** The code of a float32 value that is exactly a value of {@code f} (such as a cast's output). */
    public static int encodeBits(int v, Format f) {
        requireCodes(f);
        if (f.isInteger()) {
            return encodeInteger(v, f);
        }
        int e = f.exponentBits();
        int m = f.mantissaBits();
        int sign = (v >>> 31) << (e + m);
        int a = v & 0x7FFFFFFF;
        int topExp = (1 << e) - 1;
        int maxCode = ((f.emax() + f.bias()) << m) | f.maxMantissaCode();
        if (a > ExmyCast.INF) {
            return sign | switch (f.kind()) {
                case IEEE -> (topExp << m) | (1 << (m - 1));
                case FN -> (topExp << m) | ((1 << m) - 1);
                case FINITE -> maxCode;
            };
        }
        if (a == ExmyCast.INF) {
            return sign | (f.kind() == SpecialKind.IEEE ? topExp << m : maxCode);
        }
        if (a == 0) {
            return sign;
        }
        double val = Float.intBitsToFloat(a);
        if (val > f.maxValue()) {
            throw new IllegalArgumentException(Float.intBitsToFloat(v) + " exceeds the max of " + f);
        }
        int code;
        if (val < f.minNormal()) {
            code = exactInteger(Math.scalb(val, f.mantissaBits() - f.emin()), v, f);
        } else {
            int lead = Math.getExponent(val);
            int mant = exactInteger(Math.scalb(val, m - lead), v, f) - (1 << m);
            code = ((lead + f.bias()) << m) | mant;
        }
        return sign | code;
    }

    /** The float32 bits of a code; NaN codes decode to the quiet NaN 0x7FC00000 with the code's sign. */
    public static int decodeBits(int code, Format f) {
        requireCodes(f);
        if (f.isInteger()) {
            int m = f.mantissaBits();
            int sign = ((code >>> m) & 1) << 31;
            return sign | Float.floatToRawIntBits((float) (code & ((1 << m) - 1)));
        }
        int e = f.exponentBits();
        int m = f.mantissaBits();
        int sign = ((code >>> (e + m)) & 1) << 31;
        int expCode = (code >>> m) & ((1 << e) - 1);
        int mant = code & ((1 << m) - 1);
        int topExp = (1 << e) - 1;
        if (f.kind() == SpecialKind.IEEE && expCode == topExp) {
            return sign | (mant == 0 ? ExmyCast.INF : ExmyCast.QNAN);
        }
        if (f.kind() == SpecialKind.FN && expCode == topExp && mant == (1 << m) - 1) {
            return sign | ExmyCast.QNAN;
        }
        double val = expCode == 0
                ? Math.scalb((double) mant, f.emin() - m)
                : Math.scalb((double) ((1 << m) | mant), expCode - f.bias() - m);
        return sign | Float.floatToRawIntBits((float) val);
    }

    /** Integer grids: sign in bit M, the magnitude k below it; NaN and inf take max's code. */
    private static int encodeInteger(int v, Format f) {
        int m = f.mantissaBits();
        int sign = (v >>> 31) << m;
        int a = v & 0x7FFFFFFF;
        int maxCode = (1 << m) - 1;
        if (a >= ExmyCast.INF) {
            return sign | maxCode;
        }
        float val = Float.intBitsToFloat(a);
        if (val > maxCode) {
            throw new IllegalArgumentException(Float.intBitsToFloat(v) + " exceeds the max of " + f);
        }
        return sign | exactInteger(val, v, f);
    }

    /** All codes of the format, 0 … 2^(1+E+M) − 1. */
    public static int codeCount(Format f) {
        requireCodes(f);
        return 1 << f.totalBits();
    }

    private static int exactInteger(double scaled, int v, Format f) {
        int i = (int) scaled;
        if (i != scaled) {
            throw new IllegalArgumentException(Float.intBitsToFloat(v) + " is not a value of " + f
                    + "; cast it first");
        }
        return i;
    }

    static void requireCodes(Format f) {
        if (!f.hasCodes()) {
            throw new IllegalArgumentException("format " + f + " has " + f.totalBits()
                    + " bits; packed codes exist for formats of at most 8 bits (use the fake-quantized float32 output)");
        }
    }
}
