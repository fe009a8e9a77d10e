package io.exmy.matmul;

import java.util.SplittableRandom;

/** Operand data for GEMM tests, from ordinary to adversarial. */
public final class GemmInputs {
    private GemmInputs() {
    }

    public enum Kind {
        /** Normal(0, 1). */
        GAUSSIAN,
        /** ±m·2^e with e uniform in [−40, 40]: products over 2^±80, so sums absorb and cancel. */
        DYNAMIC_RANGE,
        /** Magnitudes near 2^63: products near float32's maximum, chains that overflow to ±inf and inf − inf. */
        OVERFLOW,
        /** Normal(0, 1) with one element in eight NaN (any payload), ±inf, +0 or −0. */
        SPECIALS,
        /** Magnitudes near 2^−70: products in the subnormal range and below it (rounding to ±0). */
        SUBNORMAL_PRODUCTS,
        /** Mostly +0 and −0, a few small integers: signed-zero rules of every sum. */
        ZEROS,
        /** Random bit patterns: every class of float32 at once. */
        BITS
    }

    public static float[] generate(Kind kind, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (kind) {
                case GAUSSIAN -> (float) r.nextGaussian();
                case DYNAMIC_RANGE -> signed(r, Math.scalb(1 + r.nextFloat(), r.nextInt(-40, 41)));
                case OVERFLOW -> signed(r, Math.scalb(1 + r.nextFloat(), r.nextInt(60, 64)));
                case SPECIALS -> special(r);
                case SUBNORMAL_PRODUCTS -> signed(r, Math.scalb(1 + r.nextFloat(), r.nextInt(-78, -62)));
                case ZEROS -> r.nextInt(10) == 0 ? r.nextInt(-3, 4) : (r.nextBoolean() ? 0.0f : -0.0f);
                case BITS -> Float.intBitsToFloat(r.nextInt());
            };
        }
        return x;
    }

    private static float signed(SplittableRandom r, float v) {
        return r.nextBoolean() ? v : -v;
    }

    private static float special(SplittableRandom r) {
        return switch (r.nextInt(48)) {
            case 0 -> Float.intBitsToFloat(0x7FC00000 | r.nextInt(1 << 22)); // quiet NaN, any payload
            case 1 -> Float.intBitsToFloat(0xFF800001 + r.nextInt(1 << 22)); // negative signalling NaN
            case 2 -> Float.POSITIVE_INFINITY;
            case 3 -> Float.NEGATIVE_INFINITY;
            case 4 -> 0.0f;
            case 5 -> -0.0f;
            default -> (float) r.nextGaussian();
        };
    }
}
