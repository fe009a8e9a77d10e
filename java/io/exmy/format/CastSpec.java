package io.exmy.format;

import java.util.Objects;

/**
 * Everything a cast needs besides the data: the format, the rounding, overflow and subnormal
 * handling, and the seed of stochastic rounding.
 *
 * <p>{@link #words()} is the wire form handed to the native code: it must stay in step with
 * {@code struct exmy_cast_spec} in {@code cuda/exmy_cast.cuh}.
 */
public record CastSpec(Format format, Rounding rounding, boolean saturate, boolean flushToZero, long seed) {

    public static final int FLAG_SATURATE = 1;
    public static final int FLAG_FTZ = 2;

    public CastSpec {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rounding, "rounding");
    }

    /** Round to nearest even, not saturating, with subnormals: the IEEE-style default. */
    public static CastSpec of(Format format) {
        return new CastSpec(format, Rounding.RNE, false, false, 0L);
    }

    public CastSpec withRounding(Rounding r) {
        return new CastSpec(format, r, saturate, flushToZero, seed);
    }

    public CastSpec withSaturate(boolean s) {
        return new CastSpec(format, rounding, s, flushToZero, seed);
    }

    public CastSpec withFlushToZero(boolean f) {
        return new CastSpec(format, rounding, saturate, f, seed);
    }

    public CastSpec withSeed(long s) {
        return new CastSpec(format, rounding, saturate, flushToZero, s);
    }

    public int flags() {
        return (saturate ? FLAG_SATURATE : 0) | (flushToZero ? FLAG_FTZ : 0);
    }

    /** {@code struct exmy_cast_spec}: e, m, bias, kind, rounding, flags, seed_lo, seed_hi (8 × int32). */
    public int[] words() {
        return new int[] {
            format.exponentBits(), format.mantissaBits(), format.bias(), format.kind().code,
            rounding.code, flags(), (int) seed, (int) (seed >>> 32)
        };
    }

    @Override
    public String toString() {
        return format + "/" + rounding.label + (saturate ? "/sat" : "") + (flushToZero ? "/ftz" : "")
                + (rounding == Rounding.SR ? "/seed=" + seed : "");
    }
}
