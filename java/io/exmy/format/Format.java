package io.exmy.format;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ExMy floating-point format: sign, {@code E} exponent bits, {@code M} mantissa bits, a bias and
 * a special-value kind. Pure data; the cast itself lives in {@link ExmyCast}.
 *
 * <p>Every format accepted here has all its values exactly representable in float32, so the
 * fake-quantized output of a cast is exact; {@link #of} rejects the others with the reason.
 */
public final class Format {

    private static final Pattern SPEC = Pattern.compile("e(\\d+)m(\\d+)((?::[a-z]+(?:=-?\\d+)?)*)");
    private static final Map<String, Format> PRESETS = new LinkedHashMap<>();

    public static final Format E5M2 = preset("e5m2", 5, 2, SpecialKind.IEEE);
    public static final Format E4M3 = preset("e4m3", 4, 3, SpecialKind.FN);
    public static final Format E3M2 = preset("e3m2", 3, 2, SpecialKind.FINITE);
    public static final Format E2M3 = preset("e2m3", 2, 3, SpecialKind.FINITE);
    public static final Format E2M1 = preset("e2m1", 2, 1, SpecialKind.FINITE);
    public static final Format FP16 = preset("fp16", 5, 10, SpecialKind.IEEE);
    public static final Format BF16 = preset("bf16", 8, 7, SpecialKind.IEEE);
    public static final Format FP32 = preset("fp32", 8, 23, SpecialKind.IEEE);
    /** Symmetric integer grids: E = 0, sign + M-bit magnitude, values ±k for k = 0 … 2^M − 1. */
    public static final Format INT8 = preset("int8", 0, 7, SpecialKind.FINITE);
    public static final Format INT7 = preset("int7", 0, 6, SpecialKind.FINITE);
    public static final Format INT6 = preset("int6", 0, 5, SpecialKind.FINITE);
    public static final Format INT5 = preset("int5", 0, 4, SpecialKind.FINITE);
    public static final Format INT4 = preset("int4", 0, 3, SpecialKind.FINITE);
    public static final Format INT3 = preset("int3", 0, 2, SpecialKind.FINITE);
    public static final Format INT2 = preset("int2", 0, 1, SpecialKind.FINITE);

    private final int exponentBits;
    private final int mantissaBits;
    private final int bias;
    private final SpecialKind kind;
    private final String name;

    private Format(int e, int m, int bias, SpecialKind kind, String name) {
        this.exponentBits = e;
        this.mantissaBits = m;
        this.bias = bias;
        this.kind = kind;
        this.name = name;
    }

    private static Format preset(String name, int e, int m, SpecialKind kind) {
        Format f = of(e, m, defaultBias(e), kind, name);
        PRESETS.put(name, f);
        return f;
    }

    /** The presets in documentation order. */
    public static Iterable<Format> presets() {
        return PRESETS.values();
    }

    public static int defaultBias(int exponentBits) {
        return exponentBits == 0 ? 0 : (1 << (exponentBits - 1)) - 1;
    }

    /** A format with the default bias and the default kind ({@code finite}, or the preset's kind). */
    public static Format of(int e, int m) {
        return parse("e" + e + "m" + m);
    }

    public static Format of(int e, int m, SpecialKind kind) {
        return of(e, m, e >= 0 && e <= 8 ? defaultBias(e) : 0, kind, null);
    }

    /**
     * Validates and builds a format. Rejects, with the reason and a fix, formats that cannot exist
     * (no room for their special codes) and formats whose values float32 cannot hold exactly.
     */
    public static Format of(int e, int m, int bias, SpecialKind kind, String name) {
        String what = "e" + e + "m" + m + ":" + kind.label;
        if (e < 0 || e > 8) {
            throw new IllegalArgumentException(what + ": exponent bits must be 0..8, got " + e);
        }
        if (e == 0) {
            return integerGrid(m, bias, kind, name);
        }
        if (m < 0 || m > 23) {
            throw new IllegalArgumentException(what + ": mantissa bits must be 0..23, got " + m);
        }
        if (kind == SpecialKind.IEEE && e < 2) {
            throw new IllegalArgumentException(what + ": an ieee format needs at least 2 exponent bits"
                    + " (with E=1 the only exponent code above zero is inf/NaN, leaving no normal numbers);"
                    + " use e1m" + m + ":fn or e1m" + m + ":finite");
        }
        if (kind == SpecialKind.IEEE && m < 1) {
            throw new IllegalArgumentException(what + ": an ieee format needs at least 1 mantissa bit"
                    + " (NaN is a nonzero mantissa under the top exponent); use e" + e + "m0:finite");
        }
        if (kind == SpecialKind.FN && m < 1) {
            throw new IllegalArgumentException(what + ": kind fn needs at least 1 mantissa bit"
                    + " (with M=0 the top exponent's only code would be NaN, so fn would equal ieee without inf);"
                    + " use e" + e + "m0:finite");
        }
        int emin = 1 - bias;
        int emax = (1 << e) - (kind == SpecialKind.IEEE ? 2 : 1) - bias;
        if (emax > 127) {
            throw new IllegalArgumentException(what + " with bias " + bias + ": its largest values reach 2^"
                    + emax + ", beyond float32's range (2^127 is the largest binade); "
                    + (e == 8 && kind != SpecialKind.IEEE ? "use e8m" + m + ":ieee (bf16-like) or " : "")
                    + "give a larger bias, e.g. :bias=" + (bias + emax - 127));
        }
        if (emax < -126) {
            throw new IllegalArgumentException(what + " with bias " + bias
                    + ": its largest value is below float32's smallest normal; give a smaller bias");
        }
        if (emin - m < -149) {
            throw new IllegalArgumentException(what + " with bias " + bias + ": its smallest subnormal 2^"
                    + (emin - m) + " is below float32's smallest subnormal 2^-149; give a smaller bias, e.g. :bias="
                    + (bias - (-149 - (emin - m))));
        }
        String canonical = name != null ? name : canonicalName(e, m, bias, kind);
        return new Format(e, m, bias, kind, canonical);
    }

    /** E = 0: no exponent, no special values, unit spacing; only M (1..23) is free. */
    private static Format integerGrid(int m, int bias, SpecialKind kind, String name) {
        if (m < 1 || m > 23) {
            throw new IllegalArgumentException("e0m" + m + ": an integer grid needs 1..23 magnitude bits, got " + m);
        }
        if (kind != SpecialKind.FINITE) {
            throw new IllegalArgumentException("e0m" + m + ":" + kind.label
                    + ": an integer grid (E=0) has no special values; drop :" + kind.label);
        }
        if (bias != 0) {
            throw new IllegalArgumentException("e0m" + m + ": a bias has no meaning for an integer grid (E=0); drop :bias="
                    + bias + " and scale the tensor instead");
        }
        return new Format(0, m, 0, kind, name != null ? name : "int" + (m + 1));
    }

    private static String canonicalName(int e, int m, int bias, SpecialKind kind) {
        StringBuilder sb = new StringBuilder("e" + e + "m" + m);
        Format preset = PRESETS.get(sb.toString());
        SpecialKind defaultKind = preset != null ? preset.kind : SpecialKind.FINITE;
        if (kind != defaultKind) {
            sb.append(':').append(kind.label);
        }
        if (bias != defaultBias(e)) {
            sb.append(":bias=").append(bias);
        }
        return sb.toString();
    }

    /**
     * Parses a preset name ({@code e4m3}, {@code fp16}, …) or {@code eXmY[:ieee|:fn|:finite][:bias=N]}.
     * A generic {@code eXmY} that is not a preset is {@code finite}.
     */
    public static Format parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Format preset = PRESETS.get(s);
        if (preset != null) {
            return preset;
        }
        Matcher mt = SPEC.matcher(s);
        if (!mt.matches()) {
            throw new IllegalArgumentException("cannot read format '" + text + "': write a preset ("
                    + String.join(", ", PRESETS.keySet()) + ") or eXmY[:ieee|:fn|:finite][:bias=N], e.g. e3m4:ieee"
                    + " (e0mY is the integer grid ±(2^Y − 1))");
        }
        int e = Integer.parseInt(mt.group(1));
        int m = Integer.parseInt(mt.group(2));
        Format base = PRESETS.get("e" + e + "m" + m);
        SpecialKind kind = base != null ? base.kind : SpecialKind.FINITE;
        Integer bias = null;
        for (String opt : mt.group(3).split(":")) {
            if (opt.isEmpty()) {
                continue;
            }
            if (opt.startsWith("bias=")) {
                bias = Integer.parseInt(opt.substring(5));
            } else {
                kind = SpecialKind.parse(opt);
            }
        }
        if (e > 8) {
            throw new IllegalArgumentException("format '" + text + "': exponent bits must be 0..8, got " + e);
        }
        return of(e, m, bias != null ? bias : defaultBias(e), kind, null);
    }

    public int exponentBits() {
        return exponentBits;
    }

    public int mantissaBits() {
        return mantissaBits;
    }

    public int bias() {
        return bias;
    }

    public SpecialKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** Sign + exponent + mantissa. */
    public int totalBits() {
        return 1 + exponentBits + mantissaBits;
    }

    /** Whether packed codes exist for this format (at most 8 bits). */
    public boolean hasCodes() {
        return totalBits() <= 8;
    }

    /** Codes per byte in the packed form: 2 for formats of at most 4 bits, else 1. */
    public int codesPerByte() {
        return totalBits() <= 4 ? 2 : 1;
    }

    /** Whether this is a symmetric integer grid (E = 0). */
    public boolean isInteger() {
        return exponentBits == 0;
    }

    /**
     * Exponent of the smallest normal number. An integer grid counts as all subnormal with spacing
     * 2^(emin − M) = 1, which lets one rounding rule serve both kinds of format.
     */
    public int emin() {
        return isInteger() ? mantissaBits : 1 - bias;
    }

    /** Exponent of the largest finite binade (the leading bit of max). */
    public int emax() {
        return isInteger() ? mantissaBits - 1 : (1 << exponentBits) - (kind == SpecialKind.IEEE ? 2 : 1) - bias;
    }

    /** Mantissa field of the largest finite value: all ones, or all ones but the last for fn. */
    public int maxMantissaCode() {
        return (1 << mantissaBits) - (kind == SpecialKind.FN ? 2 : 1);
    }

    /** max = maxSignificand() · 2^maxQuantumExponent(), both integers. */
    public long maxSignificand() {
        return isInteger() ? (1L << mantissaBits) - 1 : (1L << mantissaBits) + maxMantissaCode();
    }

    /** Exponent of the spacing of the values in max's binade. */
    public int maxQuantumExponent() {
        return isInteger() ? 0 : emax() - mantissaBits;
    }

    public float maxValue() {
        return (float) Math.scalb((double) maxSignificand(), maxQuantumExponent());
    }

    /** The smallest normal; for an integer grid, 1 (flush-to-zero then changes nothing). */
    public float minNormal() {
        return isInteger() ? 1.0f : (float) Math.scalb(1.0, emin());
    }

    public float minSubnormal() {
        return (float) Math.scalb(1.0, emin() - mantissaBits);
    }

    public boolean hasInfinity() {
        return kind == SpecialKind.IEEE;
    }

    public boolean hasNaN() {
        return kind != SpecialKind.FINITE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Format f && f.exponentBits == exponentBits && f.mantissaBits == mantissaBits
                && f.bias == bias && f.kind == kind;
    }

    @Override
    public int hashCode() {
        return ((exponentBits * 31 + mantissaBits) * 31 + bias) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
