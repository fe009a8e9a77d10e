package io.exmy.ops;

/**
 * exmy's own single-precision exp, log and tanh, and the symmetric max: the Java twins of
 * {@code cuda/exmy_math.cuh}. CUDA's {@code expf}/{@code logf}/{@code tanhf}, glibc's and the JVM's
 * round differently, so every backend computes these functions with exactly this sequence of float
 * operations — {@code + − × ÷} rounded to nearest, {@link Math#fma(float, float, float)} where an
 * FMA is written, and integer bit manipulation — and gets the same bits. Constants are hex float
 * literals, written identically in the C header.
 *
 * <p>Accuracy against the exact functions (measured over every float; see docs/TRAINING_OPS.md):
 * exp 0.94 ulp, log 0.86 ulp, tanh 1.59 ulp. NaN in gives NaN out, but NaN bit patterns are not part
 * of the specification (the GPU's canonical NaN differs from the CPU's).
 */
public final class ExmyMath {
    private ExmyMath() {
    }

    // exp: x clamped to [-104, 89] (beyond, the result is 0 or inf anyway: exp(89) overflows and
    // exp(-104) rounds to 0); round(x/ln2) by the 1.5·2^23 shifter, whose low bits are the integer n;
    // Cody–Waite reduction with a 16-bit ln2_hi so that n·ln2_hi is exact; degree-7 Taylor polynomial on
    // |r| ≤ ln2/2 (truncation < 0.05 ulp). NaN propagates through the arithmetic.
    static final float LOG2E = 0x1.715476p+0f;
    static final float SHIFTER = 0x1.8p23f;
    static final int SHIFTER_BITS = 0x4b400000;
    static final float LN2_HI = 0x1.62e4p-1f;
    static final float LN2_LO = 0x1.7f7d1cp-20f;
    static final float E2 = 0x1.0p-1f;
    static final float E3 = 0x1.555556p-3f;
    static final float E4 = 0x1.555556p-5f;
    static final float E5 = 0x1.111112p-7f;
    static final float E6 = 0x1.6c16c2p-10f;
    static final float E7 = 0x1.a01a02p-13f;
    static final float EXP_MAX = 89.0f;
    static final float EXP_MIN = -104.0f;

    /** e^x, &lt; 1 ulp. */
    public static float exp(float x) {
        float xc = x < EXP_MIN ? EXP_MIN : x;
        xc = xc > EXP_MAX ? EXP_MAX : xc;
        float t = Math.fma(LOG2E, xc, SHIFTER);
        float j = t - SHIFTER;
        int n = Float.floatToRawIntBits(t) - SHIFTER_BITS;
        float r = Math.fma(j, -LN2_HI, xc);
        r = Math.fma(j, -LN2_LO, r);
        float p = E7;
        p = Math.fma(p, r, E6);
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, 1.0f);
        p = Math.fma(p, r, 1.0f);
        // 2^n in two normal factors (n is in [-150, 129]): the first product is exact, the second
        // rounds once, into the subnormals or to infinity where the result lies there.
        int n1 = n >> 1;
        return p * pow2(n1) * pow2(n - n1);
    }

    /** 2^k for k in [-126, 127], by building the exponent field. */
    static float pow2(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    // log: x = 2^k · m with m in [√2/2, √2), f = m − 1 (exact), s = f/(2+f),
    // log(1+f) = f − (hfsq − s·(hfsq + R)) with R the 2·atanh series in z = s² (fdlibm's form).
    static final float L1 = 0x1.555556p-1f;
    static final float L2 = 0x1.99999ap-2f;
    static final float L3 = 0x1.24924ap-2f;
    static final float L4 = 0x1.c71c72p-3f;
    static final int SQRT2_BITS = 0x3fb504f3;

    /** Natural logarithm, &lt; 1 ulp; log(0) = −inf, log(x &lt; 0) = NaN. */
    public static float log(float x) {
        if (x != x || x < 0.0f) {
            return Float.NaN;
        }
        if (x == 0.0f) {
            return Float.NEGATIVE_INFINITY;
        }
        if (x == Float.POSITIVE_INFINITY) {
            return x;
        }
        int bits = Float.floatToRawIntBits(x);
        int k = 0;
        if (bits < 0x00800000) { // subnormal: scale into the normals (exact)
            bits = Float.floatToRawIntBits(x * 0x1.0p25f);
            k = -25;
        }
        k += (bits >>> 23) - 127;
        int mBits = (bits & 0x007fffff) | 0x3f800000;
        if (mBits > SQRT2_BITS) {
            mBits -= 0x00800000;
            k += 1;
        }
        float f = Float.intBitsToFloat(mBits) - 1.0f;
        float s = f / (2.0f + f);
        float z = s * s;
        float r = z * Math.fma(Math.fma(Math.fma(L4, z, L3), z, L2), z, L1);
        float hfsq = 0.5f * f * f;
        float kf = k;
        return kf * LN2_HI - ((hfsq - (s * (hfsq + r) + kf * LN2_LO)) - f);
    }

    // tanh: |x| < 0.55: x + x³·P(x²), P fitted (weighted least squares on Chebyshev nodes) for the
    // relative error; above: 1 − 2/(e^{2|x|} + 1), whose cancellation is mild there. Odd by sign copy.
    static final float TANH_SMALL = 0.55f;
    static final float T1 = -0x1.555554p-2f;
    static final float T2 = 0x1.1110dap-3f;
    static final float T3 = -0x1.ba0934p-5f;
    static final float T4 = 0x1.64def4p-6f;
    static final float T5 = -0x1.13996p-7f;
    static final float T6 = 0x1.398c9p-9f;

    /** Hyperbolic tangent, &lt; 2 ulp. Both forms are computed and one is taken, as the C twin does. */
    public static float tanh(float x) {
        float a = Math.abs(x);
        float z = a * a;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(T6, z, T5), z, T4), z, T3), z, T2), z, T1);
        float small = Math.fma(a * z, p, a);
        float large = 1.0f - 2.0f / (exp(2.0f * a) + 1.0f);
        return Math.copySign(a < TANH_SMALL ? small : large, x);
    }

    /**
     * The larger of a and b, symmetric and exact: NaN if either is NaN, and +0 for (+0, −0) in either
     * order, so a maximum over any order and grouping gives the same bits.
     */
    public static float max(float a, float b) {
        if (a != a || b != b) {
            return Float.NaN;
        }
        if (a > b) {
            return a;
        }
        if (b > a) {
            return b;
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(a) & Float.floatToRawIntBits(b));
    }

    /** IEEE square root, correctly rounded (float sqrt through double is exact: 53 ≥ 2·24 + 2). */
    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }
}
