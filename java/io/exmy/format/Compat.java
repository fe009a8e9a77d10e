package io.exmy.format;

import java.util.Locale;

/**
 * Which library's cast an element cast reproduces instead of exmy's exact one. {@link #NONE} is
 * exmy's cast (docs/FORMATS.md, "The cast"); {@link #QPYTORCH} is QPyTorch's
 * {@code float_quantize} ({@link QPyTorchCast}), with {@link Rounding#RNA} standing for its
 * "nearest" and {@link Rounding#SR} for its "stochastic".
 */
public enum Compat {
    NONE("none"),
    QPYTORCH("qpytorch");

    public final String label;

    Compat(String label) {
        this.label = label;
    }

    public static Compat parse(String s) {
        for (Compat c : values()) {
            if (c.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compatibility mode '" + s + "': use qpytorch (or none)");
    }
}
