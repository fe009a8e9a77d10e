package io.exmy.format;

import java.util.SplittableRandom;

/**
 * Inputs that find cast bugs: every special value, every binade edge of the format and of float32
 * around it, every rounding tie (exact midpoints and their neighbours), the subnormal and overflow
 * edges, every value of small formats, and random bit patterns.
 */
public final class CastInputs {
    private CastInputs() {
    }

    /** Edge inputs for {@code f} followed by {@code randomCount} random bit patterns (seeded). */
    public static float[] forFormat(Format f, int randomCount, long seed) {
        FloatList xs = new FloatList();
        specials(xs);
        int m = f.mantissaBits();
        for (int e = Math.max(-149, f.emin() - m - 3); e <= Math.min(127, f.emax() + 2); e++) {
            float p = (float) Math.scalb(1.0, e);
            addAround(xs, p);
            // ties inside the binade: first, middle and last quanta of the format's grid
            int q = Math.max(e, f.emin()) - m; // quantum at this binade
            for (long k : new long[] {0, 1, 2, 3, (1L << m) - 1, 1L << Math.max(0, m - 1)}) {
                double v = Math.scalb(1.0, e) + k * Math.scalb(1.0, q);
                addAround(xs, (float) v);
                addAround(xs, (float) (v + Math.scalb(1.0, q - 1))); // midpoint
            }
        }
        float max = f.maxValue();
        double topQuantum = Math.scalb(1.0, f.emax() - m);
        addAround(xs, max);
        addAround(xs, (float) (max + topQuantum / 2)); // overflow tie
        addAround(xs, (float) (max + topQuantum));
        addAround(xs, f.minNormal());
        addAround(xs, f.minSubnormal());
        addAround(xs, f.minSubnormal() / 2);
        addAround(xs, f.minSubnormal() * 1.5f);
        if (f.hasCodes()) {
            for (int code = 0; code < (1 << f.totalBits()); code++) {
                float v = Float.intBitsToFloat(Codes.decodeBits(code, f));
                addAround(xs, v);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < randomCount; i++) {
            xs.add(Float.intBitsToFloat(rng.nextInt()));
        }
        return xs.toArray();
    }

    private static void specials(FloatList xs) {
        int[] bits = {0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001,
            0xFF800001, 0x7FBFFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x00000001, 0x80000001, 0x007FFFFF, 0x00800000,
            0x7F7FFFFF, 0xFF7FFFFF, 0x3F800000, 0xBF800000};
        for (int b : bits) {
            xs.add(Float.intBitsToFloat(b));
        }
    }

    /** v, its float32 neighbours, and the negatives of all three. */
    private static void addAround(FloatList xs, float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return;
        }
        for (float w : new float[] {v, Math.nextUp(v), Math.nextDown(v)}) {
            xs.add(w);
            xs.add(-w);
        }
    }

    /** A growable float array. */
    static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
