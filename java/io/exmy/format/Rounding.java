package io.exmy.format;

import java.util.Locale;

/** Rounding of the exact input value to the format. Codes shared with {@code EXMY_RND_*} in CUDA. */
public enum Rounding {
    /** Round to nearest, ties to the candidate that is an even multiple of the quantum. */
    RNE(0, "rne"),
    /** Round toward zero (truncate). */
    RTZ(1, "rtz"),
    /** Stochastic: round away from zero with probability equal to the discarded fraction. */
    SR(2, "sr"),
    /** Round to nearest, ties away from zero (microxcaling's "nearest", QPyTorch's bit rounding). */
    RNA(3, "rna");

    public final int code;
    public final String label;

    Rounding(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public static Rounding parse(String s) {
        for (Rounding r : values()) {
            if (r.label.equals(s.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rounding '" + s + "': use rne, rna, rtz or sr");
    }
}
