package io.exmy.fit.base;

import java.util.Locale;

/** Number formatting shared by tables and messages: compact, locale-independent, enough digits to reproduce a fit. */
public final class Formats {
    private Formats() {
    }

    /** Up to 6 significant digits, plain notation for ordinary magnitudes and scientific beyond. */
    public static String number(double v) {
        return number(v, 6);
    }

    public static String number(double v, int significant) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            String s = String.format(Locale.ROOT, "%." + significant + "g", v);
            if (!s.contains("e")) {
                return trimZeros(s);
            }
            // %g switches to scientific when the digits asked for do not reach the units (4.14e+06
            // with 3 digits): write it as below, so one number never has two spellings
        }
        String s = String.format(Locale.ROOT, "%." + (significant - 1) + "e", v);
        int e = s.indexOf('e');
        return trimZeros(s.substring(0, e)) + "e" + Integer.parseInt(s.substring(e + 1));
    }

    private static String trimZeros(String s) {
        if (!s.contains(".") || s.contains("e")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
