package io.exmy.cli.fit;

import io.exmy.cli.common.UserError;
import io.exmy.fit.law.SunFpLaw;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing shared by the fit, predict and derive commands. */
final class FitCliSupport {
    private FitCliSupport() {
    }

    /**
     * A number as typed on the command line. For the block size B, {@code channel} means
     * channel-wise scaling, which Sun et al. model as log2 B = 13.1567.
     */
    static double value(String name, String text) {
        String t = text.trim();
        if (name.equals("B") && t.toLowerCase(Locale.ROOT).equals("channel")) {
            return SunFpLaw.CHANNEL_B;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new UserError("value '" + text + "' for " + name + " is not a number"
                    + (name.equals("B") ? " (or 'channel')" : ""));
        }
    }

    static double[] values(String name, String list) {
        List<String> parts = split(list);
        if (parts.isEmpty()) {
            throw new UserError("no values given for " + name);
        }
        return parts.stream().mapToDouble(s -> value(name, s)).toArray();
    }

    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** Bit widths as {@code 4,8,16} or a range {@code 2-16}. */
    static List<Integer> bits(String spec) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : split(spec)) {
                int dash = part.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(part.substring(0, dash).trim());
                    int b = Integer.parseInt(part.substring(dash + 1).trim());
                    if (b < a) {
                        throw new UserError("bit range " + part + " is empty");
                    }
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(part));
                }
            }
        } catch (NumberFormatException e) {
            throw new UserError("--bits expects integers like 4,8,16 or a range like 2-16, got '" + spec + "'");
        }
        for (int b : out) {
            if (b < io.exmy.fit.Derivations.MIN_BITS || b > io.exmy.fit.Derivations.MAX_BITS) {
                throw new UserError("bit width " + b + " is out of range (" + io.exmy.fit.Derivations.MIN_BITS + " to "
                        + io.exmy.fit.Derivations.MAX_BITS + ")");
            }
        }
        return out;
    }
}
