package io.exmy.format;

/**
 * The reference cast of float32 to an ExMy format: this class is the specification that every
 * backend must reproduce bit for bit ({@code cuda/exmy_cast.cuh} is its CUDA twin).
 *
 * <p>It is written in the value domain on purpose — the input is an integer significand times a
 * power of two, rounded to an integer multiple of the format's quantum — while the CUDA twin
 * rounds the float32 bit pattern in place. Two formulations that agree on every tested input are
 * stronger evidence than one formulation copied twice.
 *
 * <p>Semantics (see docs/FORMATS.md):
 * <ul>
 * <li>NaN → quiet NaN with the input's sign (0x7FC00000 | sign).</li>
 * <li>±inf → ±max when saturating; otherwise ±inf (ieee), NaN (fn) or ±max (finite).</li>
 * <li>Finite x is rounded with unbounded exponent range at the format's precision (subnormal
 *     spacing below the smallest normal); a result above max overflows: ±max when saturating or
 *     rounding toward zero, else ±inf (ieee), NaN (fn), ±max (finite).</li>
 * <li>Flush-to-zero turns a nonzero result below the smallest normal into a zero of x's sign.</li>
 * <li>The result always carries x's sign, so a negative x that rounds to zero gives −0.</li>
 * </ul>
 */
public final class ExmyCast {
    /** Canonical quiet NaN; the sign bit is or-ed in. */
    public static final int QNAN = 0x7FC00000;
    public static final int INF = 0x7F800000;

    private ExmyCast() {
    }

    public static float cast(float x, CastSpec spec, long index) {
        return Float.intBitsToFloat(castBits(Float.floatToRawIntBits(x), spec, index));
    }

    /** Casts one element; {@code index} is its position in the tensor, which keys stochastic rounding. */
    public static int castBits(int x, CastSpec spec, long index) {
        int rnd = spec.rounding() == Rounding.SR ? Philox.bits(spec.seed(), index) : 0;
        if (spec.compat() == Compat.QPYTORCH) {
            return QPyTorchCast.castBits(x, spec.format(), spec.rounding() == Rounding.SR, rnd);
        }
        return castBits(x, spec.format(), spec.rounding(), spec.saturate(), spec.flushToZero(), rnd);
    }

    /**
     * Casts one element given its 32 random bits {@code rnd} (used by {@link Rounding#SR} only:
     * the result rounds away from zero iff rnd / 2^32 &lt; the discarded fraction of a quantum).
     */
    public static int castBits(int x, Format f, Rounding rounding, boolean saturate, boolean ftz, int rnd) {
        int sign = x & 0x80000000;
        int a = x & 0x7FFFFFFF;
        int maxBits = Float.floatToRawIntBits(f.maxValue());
        if (a > INF) {
            return QNAN | sign;
        }
        if (a == INF) {
            // inf is exact in an ieee format, so no rounding mode turns it into max; elsewhere it overflows.
            return (saturate ? maxBits : overflowBits(f, maxBits)) | sign;
        }
        if (a == 0) {
            return sign;
        }
        // |x| = sig · 2^lsb exactly
        int biased = a >>> 23;
        long sig = biased == 0 ? a : (a & 0x7FFFFF) | 0x800000;
        int lsb = biased == 0 ? -149 : biased - 150;
        int lead = lsb + 63 - Long.numberOfLeadingZeros(sig);      // floor(log2 |x|)
        int quantum = Math.max(lead, f.emin()) - f.mantissaBits(); // log2 of the format's spacing at |x|
        int k = quantum - lsb;                                     // bits of sig below the quantum (≥ 0)
        long t = k >= 63 ? 0 : sig >>> k;                          // |x| truncated, in quanta
        long rem = sig - (k >= 63 ? 0 : t << k);                   // the discarded part, in units of 2^lsb
        boolean up = switch (rounding) {
            case RNE -> nearestEvenRoundsUp(t, rem, k);
            case RNA -> nearestAwayRoundsUp(rem, k);
            case RTZ -> false;
            case SR -> stochasticRoundsUp(rem, k, rnd);
        };
        long n = t + (up ? 1 : 0);
        if (exceedsMax(n, quantum, f)) {
            return (saturate || rounding == Rounding.RTZ ? maxBits : overflowBits(f, maxBits)) | sign;
        }
        float v = (float) Math.scalb((double) n, quantum); // exact: every value of f is a float32
        if (ftz && n != 0 && v < f.minNormal()) {
            return sign;
        }
        return Float.floatToRawIntBits(v) | sign;
    }

    /** Ties go to the even multiple of the quantum (for M = 0 normals: to the larger power of two). */
    static boolean nearestEvenRoundsUp(long t, long rem, int k) {
        if (k == 0 || k > 62) {
            return false; // exact, or |x| is below a quarter of the quantum's 2^24 … far below half
        }
        long half = 1L << (k - 1);
        return rem > half || (rem == half && (t & 1) == 1);
    }

    /** Ties go away from zero: up iff the discarded part is at least half a quantum. */
    static boolean nearestAwayRoundsUp(long rem, int k) {
        if (k == 0 || k > 62) {
            return false;
        }
        return rem >= 1L << (k - 1);
    }

    /** Up iff r · 2^k &lt; rem · 2^32, i.e. r/2^32 &lt; rem/2^k, with r the unsigned random word. */
    static boolean stochasticRoundsUp(long rem, int k, int rnd) {
        if (rem == 0) {
            return false;
        }
        long r = rnd & 0xFFFFFFFFL;
        if (k <= 31) {
            return (r << k) < (rem << 32);
        }
        int d = k - 32; // r · 2^d < rem, with rem < 2^24
        return d >= 32 ? r == 0 : (r << d) < rem;
    }

    /** Whether n · 2^quantum is larger than the format's max. */
    static boolean exceedsMax(long n, int quantum, Format f) {
        int d = quantum - f.maxQuantumExponent();
        if (d > 0) {
            return true; // n ≥ 2^M here, so n · 2^d ≥ 2^(M+1) > maxSignificand
        }
        return d == 0 && n > f.maxSignificand(); // d < 0: n ≤ 2^(M+1) gives at most 2^emax ≤ max
    }

    /** What a non-saturating overflow produces: ±inf, NaN or ±max by kind (without sign). */
    static int overflowBits(Format f, int maxBits) {
        return switch (f.kind()) {
            case IEEE -> INF;
            case FN -> QNAN;
            case FINITE -> maxBits;
        };
    }
}
