package io.exmy.compare;

import io.exmy.fit.data.Dataset;
import io.exmy.fit.base.FitException;
import io.exmy.fit.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs side by side: one row per combination of the row columns, one column per value of the
 * column column, each cell the value of a metric — the mean when several runs share a cell, with
 * their number — optionally with its difference from a baseline column of the same row. The docs'
 * tables of losses are such pivots of a committed CSV, recomputed by a test.
 */
public final class Pivot {
    /**
     * {@code rows}, {@code column}, {@code value} and {@code sort} are column names (short names find
     * {@code config.*} or, for the value, {@code metrics.*}); {@code columnOrder} lists the column
     * values in order (null: as they first appear); {@code baseline} is a column value whose
     * difference every other cell shows (null: none); {@code digits} after the point, or, when
     * {@code significant} &gt; 0, that many significant digits (small changes such as 4·10⁻⁶ keep
     * their size instead of printing as 0.00000); {@code spread} adds the standard error of the
     * mean (± s.e., over the runs of the cell) where a cell has several runs.
     */
    public record Spec(List<String> rows, String column, String value, List<String> sort, List<String> columnOrder,
                       String baseline, int digits, int significant, boolean spread) {
        public Spec(List<String> rows, String column, String value, List<String> sort, List<String> columnOrder,
                    String baseline, int digits) {
            this(rows, column, value, sort, columnOrder, baseline, digits, 0, false);
        }
    }

    private Pivot() {
    }

    public static Table of(Dataset data, Spec spec) {
        List<String> rows = new ArrayList<>();
        for (String r : spec.rows()) {
            rows.add(PairedComparison.resolve(data, r, "config.", "--rows"));
        }
        String col = PairedComparison.resolve(data, spec.column(), "config.", "--cols");
        String value = PairedComparison.resolve(data, spec.value(), "metrics.", "--value");
        List<String> sort = new ArrayList<>();
        for (String s : spec.sort() == null ? List.<String>of() : spec.sort()) {
            sort.add(PairedComparison.resolve(data, s, "config.", "--sort"));
        }
        double[] y = data.numeric(value);
        Map<List<String>, Map<String, List<Double>>> cells = new TreeMap<>(PairedComparison::compareKeys);
        Set<String> colValues = new LinkedHashSet<>();
        for (int i = 0; i < data.size(); i++) {
            List<String> key = new ArrayList<>();
            for (String s : sort) {
                key.add(PairedComparison.value(data, s, i));
            }
            for (String r : rows) {
                key.add(PairedComparison.value(data, r, i));
            }
            String c = PairedComparison.value(data, col, i);
            colValues.add(c);
            cells.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>()).add(y[i]);
        }
        List<String> order = spec.columnOrder() != null ? spec.columnOrder() : new ArrayList<>(colValues);
        for (String c : order) {
            if (!colValues.contains(c)) {
                throw new FitException("--col-order " + c + ": no run has " + col + " = " + c + " (values: " + colValues + ")");
            }
        }
        if (spec.baseline() != null && !colValues.contains(spec.baseline())) {
            throw new FitException("--diff-from " + spec.baseline() + ": no run has " + col + " = " + spec.baseline());
        }
        List<String> headers = new ArrayList<>();
        rows.forEach(r -> headers.add(shortName(r)));
        headers.addAll(order);
        Table t = new Table(shortName(value) + " by " + String.join(", ", rows.stream().map(Pivot::shortName).toList())
                + " and " + shortName(col) + (spec.baseline() != null ? " (difference from " + spec.baseline() + ")" : ""),
                headers.toArray(new String[0]));
        for (Map.Entry<List<String>, Map<String, List<Double>>> row : cells.entrySet()) {
            List<Object> out = new ArrayList<>(row.getKey().subList(sort.size(), row.getKey().size()));
            List<Double> base = spec.baseline() == null ? null : row.getValue().get(spec.baseline());
            for (String c : order) {
                List<Double> v = row.getValue().get(c);
                out.add(v == null ? "" : cell(v, c.equals(spec.baseline()) ? null : base, spec));
            }
            t.add(out.toArray());
        }
        return t;
    }

    /**
     * "2.1948 (+0.0280)", "2.1948 (n=3)", "2.1948 ± 0.0051 (n=3)": the mean, its standard error when
     * asked, how many runs when more than one, the difference.
     */
    static String cell(List<Double> v, List<Double> base, Spec spec) {
        double m = mean(v);
        String s = number(m, spec, false);
        if (spec.spread() && v.size() > 1) {
            s += " ± " + number(standardError(v, m), spec, false);
        }
        s += v.size() > 1 ? " (n=" + v.size() + ")" : "";
        if (base != null) {
            s += " (" + number(m - mean(base), spec, true) + ")";
        }
        return s;
    }

    /** Sample standard deviation over √n. */
    private static double standardError(List<Double> v, double mean) {
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.size() - 1) / v.size());
    }

    private static String number(double v, Spec spec, boolean signed) {
        return spec.significant() > 0 ? significant(v, spec.significant(), signed) : fixed(v, spec.digits(), signed);
    }

    /** {@code k} significant digits: 0.01234, 1.27, 4.1e-06 (scientific below 10⁻⁴, as %g does). */
    static String significant(double v, int k, boolean signed) {
        String s = v == 0 ? "0" : String.format(Locale.ROOT, "%." + k + "g", v);
        s = s.replaceAll("e([+-])0*(\\d)", "e$1$2"); // 4.1e-06 -> 4.1e-6
        return signed && !s.startsWith("-") ? "+" + s : s;
    }

    private static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    static String fixed(double v, int digits, boolean signed) {
        String s = String.format(Locale.ROOT, "%." + digits + "f", v);
        if (s.matches("-0\\.0*")) {
            s = s.substring(1); // -0.0000 reads as a difference that is not there
        }
        return signed && !s.startsWith("-") ? "+" + s : s;
    }

    /** config.format -> format, metrics.val_loss -> val_loss. */
    static String shortName(String column) {
        int dot = column.indexOf('.');
        return dot > 0 && (column.startsWith("config.") || column.startsWith("metrics.")) ? column.substring(dot + 1) : column;
    }
}
