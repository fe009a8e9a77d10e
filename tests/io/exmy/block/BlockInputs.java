package io.exmy.block;

import java.util.SplittableRandom;

/**
 * Tensors that find block-scaling bugs: huge dynamic range inside a block (so small elements land
 * in the element format's subnormals or vanish, and scales hit their clamps), zeros and all-zero
 * rows, NaN and ±inf at random places, float32 subnormals and extremes, exact rounding ties after
 * scaling, and random bit patterns. Deterministic for a seed.
 */
public final class BlockInputs {
    /** The kinds of data; {@link #nonFinite()} says which may hold NaN or inf. */
    public enum Kind {
        GAUSSIAN, RANGE, SPECIALS, TIES, BITS, ZEROS;

        public boolean nonFinite() {
            return this == SPECIALS || this == BITS;
        }
    }

    private BlockInputs() {
    }

    public static float[] of(Kind kind, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + kind.ordinal());
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (kind) {
                case GAUSSIAN -> (float) (rng.nextGaussian() * Math.scalb(1.0, (i / Math.max(1, cols)) % 40 - 20));
                case RANGE -> wide(rng);
                case SPECIALS -> special(rng);
                case TIES -> tie(rng, i, cols);
                case BITS -> Float.intBitsToFloat(rng.nextInt());
                case ZEROS -> rng.nextInt(4) == 0 ? (float) rng.nextGaussian() : rng.nextBoolean() ? 0f : -0f;
            };
        }
        if (kind == Kind.ZEROS && rows > 1) {
            java.util.Arrays.fill(x, 0, cols, 0f); // an all-zero row: all-zero blocks on the row axis
        }
        return x;
    }

    /** Any finite magnitude 2^−149 … 2^127, either sign, with a random significand. */
    static float wide(SplittableRandom rng) {
        int bits = rng.nextInt(1, 0x7F800000);
        return Float.intBitsToFloat(rng.nextBoolean() ? bits : bits | 0x80000000);
    }

    static float special(SplittableRandom rng) {
        int pick = rng.nextInt(64);
        return switch (pick) {
            case 0 -> Float.NaN;
            case 1 -> Float.intBitsToFloat(0xFFC00001); // negative NaN with a payload
            case 2 -> Float.POSITIVE_INFINITY;
            case 3 -> Float.NEGATIVE_INFINITY;
            case 4 -> 0f;
            case 5 -> -0f;
            case 6 -> Float.MIN_VALUE;
            case 7 -> -Float.MAX_VALUE;
            case 8 -> Float.MAX_VALUE;
            case 9 -> Float.intBitsToFloat(rng.nextInt(1, 0x00800000)); // a float32 subnormal
            default -> pick < 20 ? wide(rng) : (float) rng.nextGaussian();
        };
    }

    /**
     * Rows whose first element pins the amax to a power of two times 6, 448 or 7.5 (so every block
     * scale is a clean power of two for the MX element formats) and whose other elements sit on
     * midpoints k/2 · 2^j of the scaled grids, where round-to-nearest-even decides.
     */
    static float tie(SplittableRandom rng, int i, int cols) {
        int e = rng.nextInt(-20, 20);
        if (i % Math.max(1, cols) % 16 == 0) {
            float[] tops = {6f, 448f, 7.5f, 28f, 57344f};
            return (float) Math.scalb(tops[rng.nextInt(tops.length)], e);
        }
        double mid = (2 * rng.nextInt(1, 64) + 1) / 2.0; // an odd number of halves
        return (float) Math.scalb(rng.nextBoolean() ? mid : -mid, rng.nextInt(-12, 2));
    }
}
