package io.exmy.compare;

import io.exmy.fit.data.Dataset;
import io.exmy.fit.base.FitException;
import io.exmy.fit.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Paired comparisons of runs: the rows are split into cells (the runs that differ only in the
 * compared column and the pairing column), and in every cell each value of the compared column is
 * set against the baseline, run for run, matched on the pairing column (the seed, typically).
 * {@link PairedStats} summarizes each such set of pairs. A run without a partner is left out and
 * counted; two runs with one cell, value and pairing key are an error (a column tells them apart
 * that the cells do not include: name it with {@code cells}).
 */
public final class PairedComparison {
    /**
     * What to compare: {@code by} and {@code pairOn} and {@code metric} are column names (a short
     * name such as {@code format} finds {@code config.format}); {@code cells} null means every
     * {@code config.*} column that takes more than one value, except those that change only with
     * {@code by} (a format's E and M, say: one value per format), which are named in the notes.
     */
    public record Spec(String by, String baseline, String pairOn, String metric, List<String> cells) {
    }

    /** One treatment in one cell. */
    public record Row(List<String> cell, String treatment, PairedStats stats, int unpaired) {
    }

    public record Result(Spec spec, List<String> cellColumns, List<Row> rows, List<String> notes) {
        /** The comparison as a table: the cell, the treatment, n, the means, the paired difference, its s.e., t and p. */
        public Table table() {
            return table(0);
        }

        /**
         * The same with every number rounded to {@code significant} digits (0: as computed), so that a
         * table quoted in the docs reads the same in Markdown and CSV.
         */
        public Table table(int significant) {
            List<String> headers = new ArrayList<>(cellColumns);
            headers.addAll(List.of(spec.by(), "n", "mean " + spec.baseline(), "mean", "paired difference",
                    "paired s.e.", "t", "p (t)", "positive", "p (sign)"));
            Table t = new Table("Paired comparison of " + spec.metric() + " against " + spec.by() + " = "
                    + spec.baseline() + ", paired on " + spec.pairOn(), headers.toArray(new String[0]));
            for (Row r : rows) {
                List<Object> cells = new ArrayList<>(r.cell());
                PairedStats s = r.stats();
                boolean one = s.n() == 1;
                cells.addAll(List.of(r.treatment(), s.n(), round(s.meanBaseline(), significant),
                        round(s.meanTreatment(), significant), round(s.meanDiff(), significant),
                        one ? "one seed" : round(s.se(), significant), one ? "" : round(s.t(), significant),
                        one ? "" : round(s.pT(), significant), s.positive() + " of " + s.n(), round(s.pSign(), significant)));
                t.add(cells.toArray());
            }
            return t;
        }
    }

    private PairedComparison() {
    }

    private static Object round(double v, int significant) {
        return significant > 0 ? io.exmy.fit.base.Formats.number(v, significant) : (Object) v;
    }

    public static Result compare(Dataset data, Spec spec) {
        String by = resolve(data, spec.by(), "config.", "--by");
        String pairOn = resolve(data, spec.pairOn(), "config.", "--pair-on");
        String metric = resolve(data, spec.metric(), "metrics.", "--metric");
        double[] y = data.numeric(metric);
        List<String> cellCols = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (spec.cells() != null) {
            for (String c : spec.cells()) {
                cellCols.add(resolve(data, c, "config.", "--cell"));
            }
        } else {
            boolean anyConfig = false;
            for (String c : data.columnNames()) {
                if (c.startsWith("config.")) {
                    anyConfig = true;
                    if (!c.equals(by) && !c.equals(pairOn) && distinct(data, c) > 1) {
                        if (followsOnly(data, c, by)) {
                            notes.add(c + " changes only with " + by + " (one value for each): not used to form cells");
                        } else {
                            cellCols.add(c);
                        }
                    }
                }
            }
            if (!anyConfig) {
                throw new FitException("the data have no config.* columns to form cells from; name the columns that "
                        + "define a cell with --cell (columns: " + data.columnNames() + ")");
            }
        }
        boolean baselineSeen = false;
        // cell key -> treatment -> pairing key -> row
        Map<List<String>, Map<String, Map<String, Integer>>> cells = new TreeMap<>(PairedComparison::compareKeys);
        int skippedNaN = 0;
        for (int i = 0; i < data.size(); i++) {
            if (!Double.isFinite(y[i])) {
                skippedNaN++;
                continue;
            }
            List<String> key = new ArrayList<>();
            for (String c : cellCols) {
                key.add(value(data, c, i));
            }
            String v = value(data, by, i);
            baselineSeen |= v.equals(spec.baseline());
            String pk = value(data, pairOn, i);
            Integer old = cells.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(v, k -> new TreeMap<>())
                    .put(pk, i);
            if (old != null) {
                throw new FitException("two runs share " + describe(cellCols, key) + ", " + by + " = " + v + ", " + pairOn
                        + " = " + pk + " (rows " + (old + 1) + " and " + (i + 1) + "): name the column that tells them"
                        + " apart with --cell (cells now: " + cellCols + ")");
            }
        }
        if (!baselineSeen) {
            throw new FitException("no run has " + by + " = " + spec.baseline() + " (values: " + values(data, by)
                    + "): choose the baseline with --baseline");
        }
        if (skippedNaN > 0) {
            notes.add(skippedNaN + " run(s) without a finite " + metric + " left out");
        }
        List<Row> rows = new ArrayList<>();
        int unpairedTotal = 0;
        for (Map.Entry<List<String>, Map<String, Map<String, Integer>>> cell : cells.entrySet()) {
            Map<String, Integer> base = cell.getValue().get(spec.baseline());
            for (Map.Entry<String, Map<String, Integer>> tr : cell.getValue().entrySet()) {
                if (tr.getKey().equals(spec.baseline())) {
                    continue;
                }
                List<Double> b = new ArrayList<>(), t = new ArrayList<>();
                int unpaired = 0;
                for (Map.Entry<String, Integer> run : tr.getValue().entrySet()) {
                    Integer partner = base == null ? null : base.get(run.getKey());
                    if (partner == null) {
                        unpaired++;
                        continue;
                    }
                    b.add(y[partner]);
                    t.add(y[run.getValue()]);
                }
                unpairedTotal += unpaired;
                if (!b.isEmpty()) {
                    rows.add(new Row(cell.getKey(), tr.getKey(),
                            PairedStats.of(b.stream().mapToDouble(Double::doubleValue).toArray(),
                                    t.stream().mapToDouble(Double::doubleValue).toArray()), unpaired));
                }
            }
        }
        if (unpairedTotal > 0) {
            notes.add(unpairedTotal + " run(s) had no baseline run with the same cell and " + pairOn + " and are left out");
        }
        if (rows.isEmpty()) {
            throw new FitException("no run could be paired with a baseline run (" + by + " = " + spec.baseline()
                    + ") of the same cell " + cellCols + " and " + pairOn + ": check --cell, --pair-on and --baseline");
        }
        return new Result(new Spec(by, spec.baseline(), pairOn, metric, cellCols), cellCols, rows, notes);
    }

    /** The column itself, or {@code prefix + name} when only that exists. */
    static String resolve(Dataset d, String name, String prefix, String option) {
        if (d.has(name)) {
            return name;
        }
        if (d.has(prefix + name)) {
            return prefix + name;
        }
        throw new FitException(option + " " + name + ": the data have no column '" + name + "' or '" + prefix + name
                + "'; columns are " + d.columnNames());
    }

    /** A cell's value as text: numbers in Java's shortest round-trip form, so 1 and 1.0 are one key. */
    static String value(Dataset d, String column, int row) {
        if (d.isNumeric(column)) {
            double v = d.numeric(column)[row];
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        String s = d.categorical(column)[row];
        return s == null ? "" : s;
    }

    private static int distinct(Dataset d, String column) {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < d.size(); i++) {
            seen.add(value(d, column, i));
        }
        return seen.size();
    }

    /** Whether {@code column} takes a single value among the rows of each value of {@code by}. */
    private static boolean followsOnly(Dataset d, String column, String by) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < d.size(); i++) {
            String old = seen.putIfAbsent(value(d, by, i), value(d, column, i));
            if (old != null && !old.equals(value(d, column, i))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> values(Dataset d, String column) {
        Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < d.size(); i++) {
            seen.add(value(d, column, i));
        }
        return seen;
    }

    private static String describe(List<String> cols, List<String> key) {
        if (cols.isEmpty()) {
            return "the one cell";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(cols.get(i)).append(" = ").append(key.get(i));
        }
        return sb.toString();
    }

    /** Cells in a stable order: numbers numerically, text alphabetically, column by column. */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c;
            try {
                c = Double.compare(Double.parseDouble(a.get(i)), Double.parseDouble(b.get(i)));
            } catch (NumberFormatException e) {
                c = a.get(i).compareTo(b.get(i));
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
