package io.exmy.cli;

import io.exmy.cli.common.Range;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Checks every option and parameter of a parsed command against its {@link Range}, before any work. */
final class OptionRanges {
    private OptionRanges() {
    }

    static void check(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        for (ArgSpec arg : spec.args()) {
            Range r = range(arg);
            if (r == null) {
                continue;
            }
            Object v = arg.getValue();
            Collection<?> values = v instanceof Collection<?> c ? c : v == null ? List.of() : List.of(v);
            for (Object o : values) {
                if (o instanceof Number n && !inRange(n, r)) {
                    throw new CommandLine.ParameterException(cl, name(arg) + " " + describe(r) + ", not " + o);
                }
            }
        }
    }

    static Range range(ArgSpec arg) {
        return arg.userObject() instanceof Field f ? f.getAnnotation(Range.class) : null;
    }

    static boolean inRange(Number n, Range r) {
        if (n instanceof Long || n instanceof Integer) {
            long x = n.longValue(); // compared exactly: doubles cannot hold every long
            boolean lo = r.min() == Double.NEGATIVE_INFINITY || (r.minExclusive() ? x > r.min() : x >= (long) Math.ceil(r.min()));
            boolean hi = r.max() == Double.POSITIVE_INFINITY || (r.maxExclusive() ? x < r.max() : x <= (long) Math.floor(r.max()));
            return lo && hi;
        }
        double x = n.doubleValue();
        return (r.minExclusive() ? x > r.min() : x >= r.min()) && (r.maxExclusive() ? x < r.max() : x <= r.max());
    }

    /** "must be between 1 and 31 (log2 of an element count)". */
    static String describe(Range r) {
        String bounds;
        boolean lo = r.min() != Double.NEGATIVE_INFINITY;
        boolean hi = r.max() != Double.POSITIVE_INFINITY;
        if (lo && hi && !r.minExclusive() && !r.maxExclusive()) {
            bounds = "must be between " + number(r.min()) + " and " + number(r.max());
        } else if (lo || hi) {
            String above = lo ? (r.minExclusive() ? "above " : "at least ") + number(r.min()) : "";
            String below = hi ? (r.maxExclusive() ? "below " : "at most ") + number(r.max()) : "";
            bounds = "must be " + above + (lo && hi ? " and " : "") + below;
        } else {
            bounds = "must be a number";
        }
        return bounds + (r.what().isEmpty() ? "" : " (" + r.what() + ")");
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }
}
