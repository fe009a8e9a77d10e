package io.exmy.format;

import java.util.Locale;

/**
 * What the top exponent code of a format means. The numeric codes are shared with
 * {@code cuda/exmy_cast.cuh} ({@code EXMY_KIND_*}) and must not change.
 */
public enum SpecialKind {
    /** Top exponent code is inf (mantissa 0) or NaN: E5M2, FP16, BF16, FP32. */
    IEEE(0, "ieee"),
    /** Top exponent code holds numbers except all-ones exponent+mantissa, which is NaN; no inf (OCP E4M3). */
    FN(1, "fn"),
    /** Every code is a number: no inf, no NaN (OCP FP6/FP4, the FP scaling-law paper's formats). */
    FINITE(2, "finite");

    public final int code;
    public final String label;

    SpecialKind(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public static SpecialKind parse(String s) {
        for (SpecialKind k : values()) {
            if (k.label.equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown special-value kind '" + s + "': use ieee, fn or finite");
    }
}
