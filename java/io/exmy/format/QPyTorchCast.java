package io.exmy.format;

/**
 * QPyTorch's {@code float_quantize(x, exp, man, rounding)}, reproduced bit for bit: the Java reference
 * of the {@code qpytorch} compatibility cast ({@code exmy_qpytorch_bits} in {@code cuda/exmy_cast.cuh}
 * is its twin). Written from QPyTorch's CUDA kernel {@code float_kernel_nearest} /
 * {@code float_kernel_stochastic} ({@code qtorch/quant/quant_cuda/float_kernel.cu}, commit 1b8ca0b)
 * with {@code round_bitwise_*} and {@code clip_exponent} ({@code bit_helper.cu}, commit 1aa4d4b); see
 * docs/ANCHORS.md and docs/FORMATS.md for where it departs from exmy's exact cast.
 *
 * <p>With E exponent and M mantissa bits, {@code minExp = 2 − 2^(E−1)} (IEEE's emin) and
 * {@code emax = 2^(E−1) − 1} (IEEE's: the top exponent code stays reserved):
 * <ul>
 * <li>|x| ≥ 2^minExp (including ±inf and NaN, exponent field 255): the float32 pattern is rounded in
 *     place — nearest adds {@code 1 << (22 − M)}, stochastic adds {@code rnd & mask} — and masked
 *     ({@code mask = 2^(23−M) − 1}); a result whose exponent exceeds emax becomes ±max with x's sign,
 *     max = (2 − 2^−M)·2^emax. So ties go away from zero, overflow, inf and NaN saturate.</li>
 * <li>|x| &lt; 2^minExp (zeros and float32 subnormals included): {@code s = ±2^minExp} with x's sign,
 *     {@code v = fl(x + s)}, round v's pattern as above, result {@code fl(rounded − s)}. The float32
 *     addition rounds first (to nearest even), so there are two roundings, and a result of zero is
 *     +0 whatever x's sign.</li>
 * </ul>
 * Only the pattern arithmetic and the two float32 operations are used, so every backend agrees.
 */
public final class QPyTorchCast {
    private QPyTorchCast() {
    }

    /** Rejects, with the reason and a fix, formats QPyTorch's cast cannot stand for. */
    public static void check(Format f) {
        if (f.isInteger()) {
            throw new IllegalArgumentException("format " + f + " is an integer grid; QPyTorch's float_quantize needs"
                    + " an eXmY float format (use QPyTorch's fixed_point_quantize semantics elsewhere, or drop compat=qpytorch)");
        }
        if (f.exponentBits() < 2) {
            throw new IllegalArgumentException("format " + f + ": QPyTorch compatibility needs at least 2 exponent bits"
                    + " (with E = 1 its grid has no normal binade)");
        }
        if (f.mantissaBits() > 22) {
            throw new IllegalArgumentException("format " + f + ": QPyTorch's float_quantize takes at most 22 mantissa bits"
                    + " (its rounding increment 1 << (22 - M) needs M <= 22); M = 23 is float32 itself, no cast needed");
        }
        if (f.bias() != Format.defaultBias(f.exponentBits())) {
            throw new IllegalArgumentException("format " + f + ": QPyTorch's grid has the IEEE bias 2^(E-1)-1;"
                    + " drop :bias=" + f.bias() + " for compat=qpytorch");
        }
    }

    /** IEEE's emin, 2 − 2^(E−1): the exponent below which QPyTorch shifts by ±2^minExp. */
    static int minExp(int e) {
        return 2 - (1 << (e - 1));
    }

    /** The largest value of QPyTorch's grid, (2 − 2^−M)·2^(2^(E−1) − 1), as float32 bits. */
    public static int maxBits(Format f) {
        int emax = (1 << (f.exponentBits() - 1)) - 1;
        int maxMan = 0x7FFFFF & ~((1 << (23 - f.mantissaBits())) - 1);
        return ((emax + 127) << 23) | maxMan;
    }

    /** Rounds a float32 pattern at M mantissa bits: nearest adds half a unit, stochastic the low bits of rnd. */
    static int roundBitwise(int target, int m, boolean stochastic, int rnd) {
        int mask = (1 << (23 - m)) - 1;
        int add = stochastic ? rnd & mask : 1 << (22 - m);
        return (target + add) & ~mask;
    }

    /** QPyTorch's clip_exponent: saturate above emax; below its (here unreachable) lower limit, flush. */
    static int clipExponent(int e, int m, int old, int q) {
        if (q == 0) {
            return q;
        }
        int qExp = (q & 0x7FFFFFFF) >>> 23;
        int minStore = 127 - ((1 << (e - 1)) - 1);
        int maxStore = 127 + (1 << (e - 1)) - 1;
        int sign = old & 0x80000000;
        if (qExp > maxStore) {
            int maxMan = 0x7FFFFF & ~((1 << (23 - m)) - 1);
            return sign | (maxStore << 23) | maxMan;
        }
        if (qExp < minStore) {
            return Integer.compareUnsigned(q & 0x7FFFFFFF, (minStore - 1) << 23) > 0 ? sign | (minStore << 23) : 0;
        }
        return q;
    }

    /** QPyTorch's cast of float32 bits x to (E, M) of format f; {@code rnd} is read when stochastic. */
    public static int castBits(int x, Format f, boolean stochastic, int rnd) {
        int e = f.exponentBits();
        int m = f.mantissaBits();
        int minExp = minExp(e);
        int targetExp = ((x & 0x7FFFFFFF) >>> 23) - 127;
        if (targetExp < minExp) {
            float shift = Float.intBitsToFloat(((127 + minExp) << 23) | (x & 0x80000000));
            float v = Float.intBitsToFloat(x) + shift;
            int r = roundBitwise(Float.floatToRawIntBits(v), m, stochastic, rnd);
            return Float.floatToRawIntBits(Float.intBitsToFloat(r) - shift);
        }
        return clipExponent(e, m, x, roundBitwise(x, m, stochastic, rnd));
    }
}
