package io.exmy.format;

/**
 * QPyTorch's {@code float_quantize(x, exp, man, rounding)}, reproduced bit for bit: the Java reference
 * of the {@code qpytorch} compatibility cast ({@code exmy_qpytorch_bits} in {@code cuda/exmy_cast.cuh}
 * is its twin). Written from QPyTorch 0.3.0 / master f58bba7: the CUDA kernels
 * {@code float_kernel_nearest} / {@code float_kernel_stochastic} ({@code qtorch/quant/quant_cuda/float_kernel.cu})
 * with {@code round_bitwise_*} and {@code clip_exponent} ({@code bit_helper.cu}), all as of commit
 * 1b8ca0b, which the CPU path ({@code quant_cpu/quant_cpu.cpp}, {@code bit_helper.cpp}, commit d94f1dc)
 * computes the same way; see docs/ANCHORS.md for the history and docs/FORMATS.md for where it departs
 * from exmy's exact cast.
 *
 * <p>With E exponent and M mantissa bits, {@code minExp = 2 − 2^(E−1)} (IEEE's emin) and
 * {@code maxStore = 2^(E−1) + 127}, the largest biased exponent {@code clip_exponent} keeps ("not
 * reserving an exponent bit for infinity, nan"): the top binade is 2^(2^(E−1)), one above IEEE's.
 * <ul>
 * <li>|x| ≥ 2^minExp (including ±inf and NaN, exponent field 255): the float32 pattern is rounded in
 *     place — nearest adds {@code 1 << (22 − M)}, stochastic adds {@code rnd & mask} — and masked
 *     ({@code mask = 2^(23−M) − 1}); a result whose biased exponent exceeds maxStore becomes ±max with
 *     x's sign, max = (2 − 2^−M)·2^(2^(E−1)) (e4m3 480, e3m2 28, e2m1 6, e1m1 3). So ties go away from
 *     zero, and for E ≤ 7 overflow, inf and NaN saturate. For E = 8 maxStore is 255: nothing is clipped,
 *     overflow rounds to ±inf, inf stays inf, and a NaN keeps its rounded pattern.</li>
 * <li>|x| &lt; 2^minExp (zeros and float32 subnormals included): {@code s = ±2^minExp} with x's sign,
 *     {@code v = fl(x + s)}, round v's pattern as above, result {@code fl(rounded − s)}. The float32
 *     addition rounds first (to nearest even), so there are two roundings, and a result of zero is
 *     +0 whatever x's sign.</li>
 * <li>A pattern whose rounding carries out of the exponent field (a NaN with a large payload, e.g.
 *     0x7FFFFFFF) wraps into the sign bit and comes out as a zero of the opposite sign.</li>
 * </ul>
 * Only the pattern arithmetic and the two float32 operations are used, so every backend agrees.
 */
public final class QPyTorchCast {
    private QPyTorchCast() {
    }

    /**
     * Rejects, with the reason and a fix, what QPyTorch's float_quantize does not compute: E outside
     * 1..8 (its {@code FloatingPoint} bounds; E = 0 is an integer grid here), a bias other than IEEE's,
     * roundings other than its two, and nearest rounding at M = 23.
     */
    public static void check(Format f, Rounding r) {
        if (f.isInteger()) {
            throw new IllegalArgumentException("format " + f + " is an integer grid; QPyTorch's float_quantize needs"
                    + " an eXmY float format (use QPyTorch's fixed_point_quantize semantics elsewhere, or drop compat=qpytorch)");
        }
        if (f.bias() != Format.defaultBias(f.exponentBits())) {
            throw new IllegalArgumentException("format " + f + ": QPyTorch's grid has the IEEE bias 2^(E-1)-1;"
                    + " drop :bias=" + f.bias() + " for compat=qpytorch");
        }
        if (r != Rounding.RNA && r != Rounding.SR) {
            throw new IllegalArgumentException("compat=qpytorch rounds as QPyTorch does: 'nearest' (rna, ties away"
                    + " from zero on the bits) or 'stochastic' (sr); " + r.label + " is not one of them");
        }
        if (f.mantissaBits() == 23 && r != Rounding.SR) {
            throw new IllegalArgumentException("format " + f + ": QPyTorch's nearest rounding at M = 23 shifts by -1"
                    + " (1 << (22 - M)), undefined in C++ (x86 adds 2^31, flipping the sign); use rounding sr, or M <= 22");
        }
    }

    /** IEEE's emin, 2 − 2^(E−1): the exponent below which QPyTorch shifts by ±2^minExp. */
    static int minExp(int e) {
        return 2 - (1 << (e - 1));
    }

    /** clip_exponent's largest biased exponent, 2^(E−1) + 127 (255 for E = 8: nothing is clipped). */
    static int maxStore(int e) {
        return (1 << (e - 1)) + 127;
    }

    /** The mantissa field with its top M bits set. */
    static int maxMantissa(int m) {
        return 0x7FFFFF & ~((1 << (23 - m)) - 1);
    }

    /**
     * The largest finite value the cast gives, as float32 bits: (2 − 2^−M)·2^(2^(E−1)) for E ≤ 7,
     * (2 − 2^−M)·2^127 for E = 8 (where clip_exponent's limit is the inf/NaN exponent itself).
     */
    public static int maxBits(Format f) {
        return (Math.min(maxStore(f.exponentBits()), 254) << 23) | maxMantissa(f.mantissaBits());
    }

    /**
     * Whether packed codes of f hold every value of the cast: QPyTorch's grid for E ≤ 7 is exactly
     * {@code eEmM:finite} (emin 2 − 2^(E−1), emax 2^(E−1), every code a number); the fn and ieee
     * kinds lack its top values (e4m3: 480 is fn's NaN code). Formats with codes have E ≤ 7.
     */
    public static boolean codesHold(Format f) {
        return f.kind() == SpecialKind.FINITE;
    }

    /** Rejects packed codes of f under compat=qpytorch where they cannot hold the cast's values. */
    public static void checkCodes(Format f) {
        if (!codesHold(f)) {
            throw new IllegalArgumentException("compat=qpytorch on " + f + ": QPyTorch's grid reaches "
                    + Float.intBitsToFloat(maxBits(f)) + ", beyond what the codes of " + f + " hold; for codes use e"
                    + f.exponentBits() + "m" + f.mantissaBits() + ":finite, whose codes are QPyTorch's grid");
        }
    }

    /** Rounds a float32 pattern at M mantissa bits: nearest adds half a unit, stochastic the low bits of rnd. */
    static int roundBitwise(int target, int m, boolean stochastic, int rnd) {
        int mask = (1 << (23 - m)) - 1;
        int add = stochastic ? rnd & mask : 1 << (22 - m);
        return (target + add) & ~mask;
    }

    /** QPyTorch's clip_exponent: a biased exponent above maxStore gives ±max with the input's sign. */
    static int clipExponent(int e, int m, int old, int q) {
        int qExp = (q & 0x7FFFFFFF) >>> 23;
        return qExp > maxStore(e) ? (old & 0x80000000) | (maxStore(e) << 23) | maxMantissa(m) : q;
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
