package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StochasticRoundingTest {

    /** Random123's known-answer vectors for Philox4x32-10 (tests/kat_vectors). */
    @Test
    void philoxMatchesKnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                Philox.philox4x32x10(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                Philox.philox4x32x10(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.philox4x32x10(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    /**
     * For each x the mean of cast(x) over many seeds converges to x: each outcome is lo or hi, and
     * the fraction of hi must match (x − lo)/(hi − lo) within 5 standard errors. Covers normals,
     * subnormals, the region below one quantum and the top binade.
     */
    @Test
    void unbiasedOverSeeds() {
        Format[] formats = {Format.E2M1, Format.E4M3, Format.parse("e3m0"), Format.BF16};
        SplittableRandom rng = new SplittableRandom(11);
        int seeds = 4000;
        for (Format f : formats) {
            for (int t = 0; t < 40; t++) {
                double lg = rng.nextDouble(f.emin() - f.mantissaBits() - 3, f.emax() + 0.99);
                float x = (float) Math.pow(2, lg);
                if (x >= f.maxValue()) {
                    continue; // saturates: nothing to round between
                }
                CastSpec rtz = new CastSpec(f, Rounding.RTZ, true, false, 0);
                float lo = ExmyCast.cast(x, rtz, 0);
                float hi = ExmyCast.cast(x, new CastSpec(f, Rounding.SR, true, false, 0).withSeed(0), 0);
                int ups = 0;
                for (int s = 0; s < seeds; s++) {
                    float y = ExmyCast.cast(x, new CastSpec(f, Rounding.SR, true, false, s * 7919L + 1), t);
                    if (y != lo) {
                        ups++;
                        hi = y;
                    }
                }
                if (ups == 0) {
                    // hi never seen: the probability must be tiny
                    double q = Math.scalb(1.0, Math.max(Math.getExponent(x), f.emin()) - f.mantissaBits());
                    assertTrue((x - lo) / q < 5.0 / seeds * 4, f + " x=" + x + " never rounded up");
                    continue;
                }
                double p = ((double) x - lo) / ((double) hi - lo);
                double freq = ups / (double) seeds;
                double se = Math.sqrt(Math.max(p * (1 - p), 1e-9) / seeds);
                assertTrue(Math.abs(freq - p) < 5 * se + 1e-9,
                        f + " x=" + x + " lo=" + lo + " hi=" + hi + " P(up)=" + p + " observed " + freq);
            }
        }
    }

    /** Within one tensor and one seed, neighbouring elements draw independent bits. */
    @Test
    void unbiasedAcrossElements() {
        CastSpec s = new CastSpec(Format.E2M1, Rounding.SR, false, false, 42);
        int n = 1 << 20;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += ExmyCast.cast(2.3f, s, i); // between 2 and 3: P(3) = 0.3
        }
        double mean = sum / n;
        assertEquals(2.3, mean, 5 * Math.sqrt(0.21 / n));
    }

    @Test
    void sameSeedSameBitsDifferentSeedDifferentBits() {
        CastSpec a = new CastSpec(Format.E4M3, Rounding.SR, false, false, 5);
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.0f + i * 1e-4f;
        }
        int differ = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(ExmyCast.cast(x[i], a, i), ExmyCast.cast(x[i], a, i));
            if (ExmyCast.cast(x[i], a, i) != ExmyCast.cast(x[i], a.withSeed(6), i)) {
                differ++;
            }
        }
        assertTrue(differ > 100, "a new seed should change many roundings, changed " + differ);
    }
}
