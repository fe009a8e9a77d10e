package io.exmy.block;

import io.exmy.format.Codes;
import io.exmy.format.ExmyCast;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import io.exmy.format.SpecialKind;
import java.util.Locale;
import java.util.Objects;

/**
 * The format a block's scale is stored in: {@code fp32}; {@code e8m0} (OCP MX: the unsigned power
 * of two 2^(code − 127), code 0xFF = NaN, no zero); or an ExMy format of the format core.
 *
 * <p>Scales are never negative, so an ExMy scale format is used for its non-negative values only;
 * {@code ue4m3} (NVIDIA's name for NVFP4's block-scale type) is accepted and means exactly
 * {@code e4m3}: the same values and the same codes, sign bit 0. A scale format must hold NaN — the
 * scale of a block that holds NaN or inf — so {@code finite} ExMy formats are rejected.
 *
 * <p>Java twin of the scale pieces of {@code cuda/exmy_block.cuh}.
 */
public final class ScaleFormat {
    /** The numeric codes are shared with {@code EXMY_SCALE_*} in {@code cuda/exmy_block.cuh}. */
    public enum Kind {
        FP32(0), E8M0(1), EXMY(2);

        public final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    public static final ScaleFormat FP32 = new ScaleFormat(Kind.FP32, null);
    public static final ScaleFormat E8M0 = new ScaleFormat(Kind.E8M0, null);

    /** E8M0's exponent range: 2^−127 … 2^127. */
    public static final int E8M0_MIN_EXP = -127;
    public static final int E8M0_MAX_EXP = 127;
    public static final int E8M0_NAN_CODE = 0xFF;

    private final Kind kind;
    private final Format format;

    private ScaleFormat(Kind kind, Format format) {
        this.kind = kind;
        this.format = format;
    }

    /** An ExMy scale format; it must have a NaN ({@code ieee} or {@code fn} kind). */
    public static ScaleFormat of(Format f) {
        Objects.requireNonNull(f, "format");
        if (f.kind() == SpecialKind.FINITE) {
            throw new IllegalArgumentException("scale format " + f + " has no NaN, but a block that holds NaN or inf"
                    + " gets a NaN scale: use " + f.name() + ":fn or " + f.name() + ":ieee");
        }
        return new ScaleFormat(Kind.EXMY, f);
    }

    /** {@code fp32}, {@code e8m0}, or an ExMy format ({@code e4m3}, {@code ue4m3}, {@code e5m2}, {@code bf16}, …). */
    public static ScaleFormat parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("fp32")) {
            return FP32;
        }
        if (s.equals("e8m0") || s.equals("ue8m0")) {
            return E8M0;
        }
        String f = s.startsWith("u") ? s.substring(1) : s;
        try {
            return of(Format.parse(f));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use '" + text + "' as a scale format: " + e.getMessage()
                    + " (scale formats: fp32, e8m0, or an ExMy format with NaN such as e4m3, ue4m3, e5m2, bf16)", e);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The ExMy format, or null for fp32 and e8m0. */
    public Format format() {
        return format;
    }

    /** Whether scales are stored as one uint8 code each (e8m0, ExMy of at most 8 bits) rather than float32. */
    public boolean hasCodes() {
        return kind == Kind.E8M0 || kind == Kind.EXMY && format.hasCodes();
    }

    /** log2 of the smallest power of two the format holds: fp32 −149, e8m0 −127, ExMy its smallest subnormal. */
    public int minPow2() {
        return switch (kind) {
            case FP32 -> -149;
            case E8M0 -> E8M0_MIN_EXP;
            case EXMY -> format.emin() - format.mantissaBits();
        };
    }

    /** log2 of the largest power of two the format holds: 127, 127, ExMy its emax. */
    public int maxPow2() {
        return switch (kind) {
            case FP32, E8M0 -> 127;
            case EXMY -> format.emax();
        };
    }

    /** The largest scale: fp32's max, 2^127, the ExMy format's max. */
    public float maxValue() {
        return switch (kind) {
            case FP32 -> Float.MAX_VALUE;
            case E8M0 -> (float) Math.scalb(1.0, E8M0_MAX_EXP);
            case EXMY -> format.maxValue();
        };
    }

    /**
     * Rounds a non-negative float32 (finite or +inf) to this format, as float32 bits: fp32 keeps it
     * (inf saturates to the largest float); an ExMy format is exmy's RNE cast, saturating, with
     * subnormals; e8m0 rounds to the nearest power of two with exmy's M = 0 rule (ties, 1.5 · 2^e, go
     * up), clamped to [2^−127, 2^127] — so 0 becomes 2^−127, e8m0 having no zero.
     */
    public int roundBits(int r) {
        return switch (kind) {
            case FP32 -> r == ExmyCast.INF ? BlockMath.FLT_MAX : r;
            case EXMY -> ExmyCast.castBits(r, format, Rounding.RNE, true, false, 0);
            case E8M0 -> BlockMath.pow2Bits(e8m0Exponent(r));
        };
    }

    private static int e8m0Exponent(int r) {
        if (r == 0) {
            return E8M0_MIN_EXP;
        }
        if (r >= ExmyCast.INF) {
            return E8M0_MAX_EXP;
        }
        int e = BlockMath.floorLog2(r) + (BlockMath.significand(r) >= 0xC00000 ? 1 : 0);
        return Math.max(E8M0_MIN_EXP, Math.min(E8M0_MAX_EXP, e));
    }

    /** The code of a scale (float32 bits of a value of this format, or NaN); formats with codes only. */
    public int encode(int s) {
        return switch (kind) {
            case E8M0 -> BlockMath.isNaN(s) ? E8M0_NAN_CODE : BlockMath.floorLog2(s) + 127;
            case EXMY -> Codes.encodeBits(s, format);
            case FP32 -> throw new IllegalStateException("fp32 scales have no codes");
        };
    }

    /** The float32 bits of a scale code; NaN codes give 0x7FC00000. */
    public int decode(int code) {
        return switch (kind) {
            case E8M0 -> code == E8M0_NAN_CODE ? ExmyCast.QNAN : BlockMath.pow2Bits(code - 127);
            case EXMY -> Codes.decodeBits(code, format);
            case FP32 -> throw new IllegalStateException("fp32 scales have no codes");
        };
    }

    /** Wire form: kind, e, m, bias, special kind (zeros for fp32 and e8m0). */
    int[] words() {
        return format == null ? new int[] {kind.code, 0, 0, 0, 0}
                : new int[] {kind.code, format.exponentBits(), format.mantissaBits(), format.bias(), format.kind().code};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleFormat s && s.kind == kind && Objects.equals(s.format, format);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Objects.hashCode(format);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FP32 -> "fp32";
            case E8M0 -> "e8m0";
            case EXMY -> format.name();
        };
    }
}
