package io.exmy.format;

import java.util.Objects;

/**
 * Everything a cast needs besides the data: the format, the rounding, overflow and subnormal
 * handling, the seed of stochastic rounding, and whether a library's cast is reproduced instead of
 * exmy's exact one ({@link Compat}).
 *
 * <p>{@link #words()} is the wire form handed to the native code: it must stay in step with
 * {@code struct exmy_cast_spec} in {@code cuda/exmy_cast.cuh}.
 */
public record CastSpec(Format format, Rounding rounding, boolean saturate, boolean flushToZero, long seed,
                       Compat compat) {

    public static final int FLAG_SATURATE = 1;
    public static final int FLAG_FTZ = 2;
    /** The element cast is QPyTorch's float_quantize ({@link QPyTorchCast}). */
    public static final int FLAG_QPYTORCH = 4;

    public CastSpec {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rounding, "rounding");
        Objects.requireNonNull(compat, "compat");
        if (compat == Compat.QPYTORCH) {
            QPyTorchCast.check(format, rounding);
            if (!saturate) {
                throw new IllegalArgumentException("compat=qpytorch has QPyTorch's own overflow rule (E <= 7 clips"
                        + " overflow, inf and NaN to ±max; E = 8 clips nothing); drop nosat / --no-saturate");
            }
            if (flushToZero) {
                throw new IllegalArgumentException("compat=qpytorch keeps QPyTorch's subnormals; drop ftz");
            }
        }
    }

    public CastSpec(Format format, Rounding rounding, boolean saturate, boolean flushToZero, long seed) {
        this(format, rounding, saturate, flushToZero, seed, Compat.NONE);
    }

    /** Round to nearest even, not saturating, with subnormals: the IEEE-style default. */
    public static CastSpec of(Format format) {
        return new CastSpec(format, Rounding.RNE, false, false, 0L);
    }

    /** QPyTorch's float_quantize on (E, M) of {@code format}: nearest (ties away) unless stochastic is asked for. */
    public static CastSpec qpytorch(Format format) {
        return new CastSpec(format, Rounding.RNA, true, false, 0L, Compat.QPYTORCH);
    }

    public CastSpec withRounding(Rounding r) {
        return new CastSpec(format, r, saturate, flushToZero, seed, compat);
    }

    public CastSpec withSaturate(boolean s) {
        return new CastSpec(format, rounding, s, flushToZero, seed, compat);
    }

    public CastSpec withFlushToZero(boolean f) {
        return new CastSpec(format, rounding, saturate, f, seed, compat);
    }

    public CastSpec withSeed(long s) {
        return new CastSpec(format, rounding, saturate, flushToZero, s, compat);
    }

    /**
     * The same format under compatibility mode {@code c}; switching to QPyTorch makes the cast saturating,
     * without flush-to-zero, and turns {@code rne}/{@code rtz} into QPyTorch's nearest ({@code rna}).
     */
    public CastSpec withCompat(Compat c) {
        if (c == Compat.QPYTORCH) {
            Rounding r = rounding == Rounding.SR ? Rounding.SR : Rounding.RNA;
            return new CastSpec(format, r, true, false, seed, c);
        }
        return new CastSpec(format, rounding, saturate, flushToZero, seed, c);
    }

    /** The largest finite value the cast produces: the format's max, or QPyTorch's ({@link QPyTorchCast#maxBits}). */
    public float maxValue() {
        return compat == Compat.QPYTORCH ? Float.intBitsToFloat(QPyTorchCast.maxBits(format)) : format.maxValue();
    }

    /**
     * Rejects packed codes of this cast where the format's codes cannot hold its values: under
     * compat=qpytorch, formats other than the finite kind ({@link QPyTorchCast#codesHold}).
     */
    public void checkCodes() {
        if (compat == Compat.QPYTORCH) {
            QPyTorchCast.checkCodes(format);
        }
    }

    public int flags() {
        return (saturate ? FLAG_SATURATE : 0) | (flushToZero ? FLAG_FTZ : 0)
                | (compat == Compat.QPYTORCH ? FLAG_QPYTORCH : 0);
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
                + (rounding == Rounding.SR ? "/seed=" + seed : "") + (compat != Compat.NONE ? "/compat=" + compat.label : "");
    }
}
