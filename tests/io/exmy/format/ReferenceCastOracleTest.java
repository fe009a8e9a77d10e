package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the reference cast against a brute-force oracle that knows nothing of its algorithm:
 * it lists every value of the format from its codes, then picks the nearest candidate in exact
 * decimal arithmetic. Covers every format of at most 8 bits that tests use.
 */
class ReferenceCastOracleTest {

    static Stream<Format> smallFormats() {
        return Stream.of("e5m2", "e4m3", "e3m2", "e2m3", "e2m1", "e4m3:ieee", "e4m3:finite", "e5m2:fn",
                "e1m1:fn", "e1m2", "e2m0", "e3m0", "e4m0", "e3m1:fn", "e2m2:ieee", "e6m1", "e7m0", "e1m6",
                "e4m3:bias=4", "e3m4:bias=1", "int8", "int4", "int2", "e0m5").map(Format::parse);
    }

    /** Every non-negative finite value of f, keyed by value, with its code. */
    private static TreeMap<BigDecimal, Integer> values(Format f) {
        TreeMap<BigDecimal, Integer> map = new TreeMap<>();
        for (int code = 0; code < (1 << (f.totalBits() - 1)); code++) {
            float v = Float.intBitsToFloat(Codes.decodeBits(code, f));
            if (!Float.isNaN(v) && !Float.isInfinite(v)) {
                map.putIfAbsent(new BigDecimal(v), code);
            }
        }
        return map;
    }

    private static int oracle(float x, Format f, Rounding rounding, boolean sat, boolean ftz) {
        int sign = Float.floatToRawIntBits(x) & 0x80000000;
        float maxV = f.maxValue();
        int overflow = sat ? Float.floatToRawIntBits(maxV)
                : switch (f.kind()) {
                    case IEEE -> 0x7F800000;
                    case FN -> 0x7FC00000;
                    case FINITE -> Float.floatToRawIntBits(maxV);
                };
        if (Float.isNaN(x)) {
            return 0x7FC00000 | sign;
        }
        if (Float.isInfinite(x)) {
            return overflow | sign;
        }
        TreeMap<BigDecimal, Integer> vals = values(f);
        BigDecimal ax = new BigDecimal(Math.abs((double) x));
        // the value the format would have next above max, had it one more code: overflow marker
        BigDecimal virtual = new BigDecimal(maxV).add(new BigDecimal(Math.scalb(1.0, f.emax() - f.mantissaBits())));
        int maxCode = vals.lastEntry().getValue();
        vals.put(virtual, maxCode + 1);
        BigDecimal lo = vals.floorKey(ax);
        BigDecimal hi = vals.higherKey(ax);
        BigDecimal pick;
        if (ax.compareTo(virtual) >= 0) {
            pick = virtual;
        } else if (lo.compareTo(ax) == 0) {
            pick = lo;
        } else if (rounding == Rounding.RTZ) {
            pick = lo;
        } else {
            int c = ax.subtract(lo).compareTo(hi.subtract(ax));
            if (c != 0) {
                pick = c < 0 ? lo : hi;
            } else if (rounding == Rounding.RNA) {
                pick = hi; // ties away from zero
            } else if (f.mantissaBits() == 0) {
                // spacing 2^e at |x|: between 0 and 2^emin the even multiple is 0; above, 2^(e+1) (2 quanta)
                pick = lo.signum() == 0 ? lo : hi;
            } else {
                pick = (vals.get(lo) & 1) == 0 ? lo : hi;
            }
        }
        if (pick.equals(virtual)) {
            return (rounding == Rounding.RTZ ? Float.floatToRawIntBits(maxV) : overflow) | sign;
        }
        float v = pick.floatValue();
        if (ftz && v != 0 && v < f.minNormal()) {
            v = 0;
        }
        return Float.floatToRawIntBits(v) | sign;
    }

    static List<Float> inputs(Format f) {
        List<Float> xs = new ArrayList<>();
        TreeMap<BigDecimal, Integer> vals = values(f);
        List<BigDecimal> keys = new ArrayList<>(vals.keySet());
        keys.add(new BigDecimal(f.maxValue()).multiply(BigDecimal.valueOf(2)));
        for (int i = 0; i < keys.size(); i++) {
            float v = keys.get(i).floatValue();
            xs.add(v);
            xs.add(Math.nextUp(v));
            xs.add(Math.nextDown(v));
            if (i + 1 < keys.size()) {
                float mid = new BigDecimal(v).add(keys.get(i + 1)).divide(BigDecimal.valueOf(2)).floatValue();
                xs.add(mid);
                xs.add(Math.nextUp(mid));
                xs.add(Math.nextDown(mid));
            }
        }
        // the virtual tie just above max, and a spread of tiny and huge values
        float maxV = f.maxValue();
        float tieAboveMax = (float) (maxV + Math.scalb(1.0, f.emax() - f.mantissaBits() - 1));
        xs.add(tieAboveMax);
        xs.add(Math.nextUp(tieAboveMax));
        xs.add(Math.nextDown(tieAboveMax));
        xs.add(Float.MIN_VALUE);
        xs.add(Float.MAX_VALUE);
        xs.add(Float.POSITIVE_INFINITY);
        xs.add(Float.NaN);
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            xs.add(Float.intBitsToFloat(rng.nextInt() & 0x7FFFFFFF));
            xs.add((float) Math.scalb(rng.nextDouble(), rng.nextInt(f.emin() - f.mantissaBits() - 3, f.emax() + 3)));
        }
        List<Float> both = new ArrayList<>();
        for (float x : xs) {
            both.add(x);
            both.add(-x);
        }
        return both;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallFormats")
    void referenceMatchesOracle(Format f) {
        List<Float> xs = inputs(f);
        for (Rounding r : new Rounding[] {Rounding.RNE, Rounding.RNA, Rounding.RTZ}) {
            for (boolean sat : new boolean[] {false, true}) {
                for (boolean ftz : new boolean[] {false, true}) {
                    for (float x : xs) {
                        int expected = oracle(x, f, r, sat, ftz);
                        int got = ExmyCast.castBits(Float.floatToRawIntBits(x), f, r, sat, ftz, 0);
                        int finalR = expected;
                        assertEquals(Integer.toHexString(finalR), Integer.toHexString(got),
                                () -> f + " " + r + (sat ? " sat" : "") + (ftz ? " ftz" : "") + " x=" + x
                                        + " (0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ")");
                    }
                }
            }
        }
    }
}
