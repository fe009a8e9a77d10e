package io.exmy.format;

import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link QPyTorchCast} against an independent transcription of QPyTorch 0.3.0's {@code float_quantize}
 * that never adds to a bit pattern: it works on exact values, as integers in units of 2^−149, and
 * states each step of QPyTorch's code as what it does to the value — round at M bits within the
 * input's float32 binade (ties away; stochastic: up iff discarded + (rnd &amp; mask) reaches a unit),
 * clip above 2^(2^(E−1)+1) for E ≤ 7 or become inf from 2^128 for E = 8, and below 2^minExp the same
 * on fl(|x| + 2^minExp) rounded to float32 by an exact round-half-even, minus 2^minExp. Only the
 * non-finite inputs, whose results are artefacts of the pattern (a NaN payload carrying into the
 * sign bit), are stated on the 23-bit fraction field.
 *
 * <p>Every E from 1 to 8 with M from 0 to 23 (M = 23 stochastic only, as QPyTorchCast.check has it; no
 * e8m0, which exmy cannot hold with bias 127),
 * over every float32 exponent field × mantissas at the rounding position of M (ties and their
 * neighbours), both signs, and random patterns; nearest and stochastic with several random words,
 * including the exact threshold of each input.
 */
class QPyTorchCastOracleTest {
    static final BigInteger ONE = BigInteger.ONE;

    static Stream<Format> formats() {
        List<Format> all = new ArrayList<>();
        for (int e = 1; e <= 8; e++) {
            for (int m : new int[] {0, 1, 2, 3, 4, 5, 7, 10, 16, 22, 23}) {
                if (e < 8 || m > 0) { // exmy has no e8m0 with the IEEE bias 127 (its largest binade would be 2^128)
                    all.add(Format.of(e, m, e == 8 ? SpecialKind.IEEE : SpecialKind.FINITE));
                }
            }
        }
        return all.stream();
    }

    /** The oracle: QPyTorch's result for float32 bits x, from exact values. */
    static int oracle(int x, int e, int m, boolean stochastic, int rnd) {
        boolean neg = x < 0;
        int field = (x >>> 23) & 0xFF;
        int frac = x & 0x7FFFFF;
        long unit = 1L << (23 - m);                        // one unit of the M-bit mantissa, in fraction-field units
        long add = stochastic ? (rnd & (unit - 1)) : unit / 2;
        int top = 1 << (e - 1);                            // the exponent of QPyTorch's top binade
        int maxBits = (Math.min(top + 127, 254) << 23) | (int) ((1L << 23) - unit);
        if (field == 255) {
            long sum = frac + add;
            if (sum >= 1L << 23) {
                return neg ? 0 : 0x80000000;               // the carry leaves the exponent field: a zero of the other sign
            }
            if (e < 8) {
                return (neg ? 0x80000000 : 0) | maxBits;   // exponent 255 lies above every clip limit
            }
            return x - frac + (int) (sum - sum % unit);    // E = 8 clips nothing: inf, or NaN with the kept bits
        }
        int minExp = 2 - top;
        BigInteger ax = field == 0 ? BigInteger.valueOf(frac) : BigInteger.valueOf(frac | 0x800000).shiftLeft(field - 1);
        int binade = field == 0 ? -127 : field - 127;
        if (binade >= minExp) {
            BigInteger y = roundInBinade(ax, binade, m, stochastic, rnd);
            if (e < 8 && y.bitLength() - 1 - 149 > top) {
                return (neg ? 0x80000000 : 0) | maxBits;
            }
            if (y.bitLength() - 1 - 149 > 127) {
                return (neg ? 0x80000000 : 0) | 0x7F800000;
            }
            return bits(y, neg);
        }
        BigInteger s = ONE.shiftLeft(minExp + 149);
        BigInteger v = roundToFloat32(ax.add(s));          // fl(x + s): same signs, so |x| + |s|
        BigInteger r = roundInBinade(v, v.bitLength() - 1 - 149, m, stochastic, rnd);
        BigInteger out = r.subtract(s);                    // exact (Sterbenz: s ≤ r ≤ 2s)
        return out.signum() == 0 ? 0 : bits(out, neg);     // x − x is +0 in round-to-nearest
    }

    /** |v| (units of 2^−149) in float32 binade 2^b, rounded at M bits as QPyTorch's bit rounding does. */
    static BigInteger roundInBinade(BigInteger v, int b, int m, boolean stochastic, int rnd) {
        BigInteger quantum = ONE.shiftLeft(b - m + 149);   // 2^(b − M); b ≥ −126 here, so this is ≥ 2^(23 − M) units
        BigInteger[] qr = v.divideAndRemainder(quantum);
        BigInteger down = qr[0].multiply(quantum);
        boolean up;
        if (stochastic) {
            long discarded = qr[1].shiftRight(b - 23 + 149).longValueExact(); // in units of the float32 ulp 2^(b − 23)
            up = discarded + (rnd & ((1L << (23 - m)) - 1)) >= 1L << (23 - m);
        } else {
            up = qr[1].shiftLeft(1).compareTo(quantum) >= 0; // at least half a quantum: ties away from zero
        }
        return up ? down.add(quantum) : down;
    }

    /** A positive multiple of 2^−149 rounded to float32 precision, ties to even (no overflow here). */
    static BigInteger roundToFloat32(BigInteger w) {
        int drop = w.bitLength() - 24;
        if (drop <= 0) {
            return w;
        }
        BigInteger q = w.shiftRight(drop);
        BigInteger rem = w.subtract(q.shiftLeft(drop));
        int c = rem.compareTo(ONE.shiftLeft(drop - 1));
        if (c > 0 || (c == 0 && q.testBit(0))) {
            q = q.add(ONE);
        }
        return q.shiftLeft(drop);
    }

    /** The float32 bits of ±y (y in units of 2^−149, a float32 value). */
    static int bits(BigInteger y, boolean neg) {
        int sign = neg ? 0x80000000 : 0;
        int len = y.bitLength();
        if (len <= 24) {
            return sign | y.intValueExact();                // below 2^-125 the units are the pattern itself
        }
        int drop = len - 24;
        if (y.getLowestSetBit() < drop) {
            fail("not a float32 value: " + y);
        }
        int sig = y.shiftRight(drop).intValueExact();
        return sign | ((drop + 1) << 23) | (sig & 0x7FFFFF);
    }

    /** Mantissa fields that sit on and around M's rounding position, and some random ones. */
    static int[] mantissas(int m, SplittableRandom rng) {
        int unit = 1 << (23 - m);
        int half = unit >> 1;
        int above = 0x7FFFFF & ~(unit - 1);                // all kept bits set
        IntStream.Builder b = IntStream.builder();
        for (int k : new int[] {0, 1, 2, 0x7FFFFF, 0x400000, 0x3FFFFF, unit - 1, unit, above, above | (unit - 1)}) {
            b.add(k);
        }
        for (int k : new int[] {half - 1, half, half + 1}) {
            if (k >= 0) {
                b.add(k);
                b.add(above | k);
                b.add((unit * 5) | k);
            }
        }
        for (int i = 0; i < 8; i++) {
            b.add(rng.nextInt(1 << 23));
        }
        return b.build().map(k -> k & 0x7FFFFF).distinct().toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void referenceMatchesTheOracle(Format f) {
        int e = f.exponentBits();
        int m = f.mantissaBits();
        SplittableRandom rng = new SplittableRandom(31L * e + m);
        boolean nearest = m <= 22;
        int mask = (1 << (23 - m)) - 1;
        for (int field = 0; field < 256; field++) {
            for (int mant : mantissas(m, rng)) {
                for (int sign : new int[] {0, 0x80000000}) {
                    int x = sign | (field << 23) | mant;
                    if (nearest) {
                        check(x, f, false, 0);
                    }
                    // stochastic: the extremes, the threshold of the bit path and its neighbours, random words
                    int threshold = (mask + 1) - (mant & mask);
                    for (int rnd : new int[] {0, -1, threshold, threshold - 1, rng.nextInt(), rng.nextInt()}) {
                        check(x, f, true, rnd);
                    }
                }
            }
        }
        // and the edge inputs the conformance suite uses for this format, plus random patterns
        for (float v : CastInputs.forFormat(f, 20_000, f.hashCode())) {
            int x = Float.floatToRawIntBits(v);
            if (nearest) {
                check(x, f, false, 0);
            }
            check(x, f, true, rng.nextInt());
        }
    }

    static void check(int x, Format f, boolean stochastic, int rnd) {
        int want = oracle(x, f.exponentBits(), f.mantissaBits(), stochastic, rnd);
        int got = QPyTorchCast.castBits(x, f, stochastic, rnd);
        if (want != got) {
            fail(String.format("%s %s x=0x%08X rnd=0x%08X: oracle 0x%08X, reference 0x%08X", f,
                    stochastic ? "stochastic" : "nearest", x, rnd, want, got));
        }
    }
}
