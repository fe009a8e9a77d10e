package io.exmy.train;

import java.util.Locale;
import java.util.TreeSet;

/**
 * The token counts at which a training run keeps a snapshot of its model ({@code save_at}), so one
 * run gives a model at several D (Ouyang et al.'s D axis, from intermediate checkpoints of one
 * schedule as with Pythia). Written as a list of token counts, {@code 100000,200000,400000}, or as
 * a geometric grid {@code geometric:FIRST:RATIO} (FIRST, FIRST·RATIO, FIRST·RATIO², … up to the
 * run's tokens). Each count is rounded up to whole optimizer steps; the snapshot records the
 * tokens actually trained on.
 */
public final class SavePoints {
    private SavePoints() {
    }

    /** The token counts of {@code spec} for a run of {@code tokens} tokens, ascending; empty for "". */
    public static long[] tokens(String spec, long tokens) {
        String s = spec.trim();
        TreeSet<Long> out = new TreeSet<>();
        if (s.isEmpty()) {
            return new long[0];
        }
        if (s.toLowerCase(Locale.ROOT).startsWith("geometric:")) {
            String[] p = s.substring("geometric:".length()).split(":");
            if (p.length != 2) {
                throw new IllegalArgumentException("save_at '" + spec + "': write geometric:FIRST:RATIO, e.g. geometric:75000:2");
            }
            long first = count(p[0], spec);
            double ratio;
            try {
                ratio = Double.parseDouble(p[1].trim());
            } catch (NumberFormatException e) {
                ratio = Double.NaN;
            }
            if (!(ratio > 1) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("save_at '" + spec + "': the ratio must be a number > 1, e.g. geometric:75000:2");
            }
            if (first > tokens) {
                throw new IllegalArgumentException("save_at '" + spec + "': the first point " + first
                        + " is beyond the run's " + tokens + " tokens");
            }
            for (double d = first; d <= tokens * (1 + 1e-12); d *= ratio) {
                out.add(Math.min(tokens, Math.round(d)));
            }
        } else {
            for (String part : s.split(",")) {
                long d = count(part, spec);
                if (d > tokens) {
                    throw new IllegalArgumentException("save_at '" + spec + "': " + d + " is beyond the run's " + tokens
                            + " tokens");
                }
                out.add(d);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The canonical text of {@code spec}: geometric grids as given (numbers normalized), lists sorted. */
    public static String canonical(String spec, long tokens) {
        String s = spec.trim();
        long[] t = tokens(s, tokens);
        if (s.toLowerCase(Locale.ROOT).startsWith("geometric:")) {
            String[] p = s.substring("geometric:".length()).split(":");
            double r = Double.parseDouble(p[1].trim());
            String rs = r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
            return "geometric:" + count(p[0], spec) + ":" + rs;
        }
        StringBuilder sb = new StringBuilder();
        for (long d : t) {
            sb.append(sb.length() == 0 ? "" : ",").append(d);
        }
        return sb.toString();
    }

    /** The optimizer steps after which the snapshots are taken: each count rounded up to whole steps. */
    public static TreeSet<Integer> steps(String spec, long tokens, long tokensPerStep) {
        TreeSet<Integer> out = new TreeSet<>();
        for (long d : tokens(spec, tokens)) {
            out.add(Math.toIntExact((d + tokensPerStep - 1) / tokensPerStep));
        }
        return out;
    }

    private static long count(String s, String spec) {
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("save_at '" + spec + "': '" + s.trim() + "' is not a token count >= 1;"
                + " write counts like 100000,200000 or geometric:FIRST:RATIO");
    }
}
