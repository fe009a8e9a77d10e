package io.exmy.train;

import io.exmy.format.Format;
import java.util.Locale;

/**
 * A precision setting, as Kumar et al. write them: a number of bits (an integer grid with sign:
 * {@code 4} is {@code int4} = {@code e0m3}, values ±7), any format name ({@code e2m1},
 * {@code e4m3}: floating point), or {@code none} (also {@code fp32} or empty: not quantized).
 */
public final class Precision {
    public static final String NONE = "none";

    private Precision() {
    }

    /** The setting as a format, or null for not quantized. */
    public static Format parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals(NONE) || s.equals("fp32")) {
            return null;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int bits;
            try {
                bits = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 2 || bits > 16) {
                throw new IllegalArgumentException("precision '" + text + "': a number of bits must be 2 to 16"
                        + " (an integer grid with sign), or give a format such as e2m1, or none");
            }
            return Format.parse("e0m" + (bits - 1));
        }
        return Format.parse(s);
    }

    /** The canonical text: {@code none}, or the format's name (bits 2…16 as the integer grid of that width). */
    public static String canonical(String text) {
        return text(parse(text));
    }

    public static String text(Format f) {
        return f == null ? NONE : f.toString();
    }
}
