package io.exmy.fit.data;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.expr.Expression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measured points as named columns: numeric columns (missing values are NaN) and categorical
 * ones (strings, e.g. a format name). Immutable: every operation returns a new data set and
 * records what it did in {@link #notes()}, so a fit can say exactly which points it used.
 */
public final class Dataset {
    private final String source;
    private final int rows;
    private final Map<String, double[]> numeric;
    private final Map<String, String[]> categorical;
    private final List<String> notes;

    public Dataset(String source, int rows, Map<String, double[]> numeric, Map<String, String[]> categorical,
                   List<String> notes) {
        this.source = source;
        this.rows = rows;
        this.numeric = Collections.unmodifiableMap(new LinkedHashMap<>(numeric));
        this.categorical = Collections.unmodifiableMap(new LinkedHashMap<>(categorical));
        this.notes = List.copyOf(notes);
        numeric.forEach((k, v) -> check(k, v.length));
        categorical.forEach((k, v) -> check(k, v.length));
    }

    private void check(String name, int length) {
        if (length != rows) {
            throw new IllegalArgumentException("column " + name + " has " + length + " values, expected " + rows);
        }
    }

    /** Builds a data set from columns given as typed values (Double, String or null per row). */
    static Dataset fromCells(String source, List<String> order, Map<String, List<Object>> cells, int rows) {
        Map<String, double[]> num = new LinkedHashMap<>();
        Map<String, String[]> cat = new LinkedHashMap<>();
        for (String name : order) {
            List<Object> vals = cells.get(name);
            boolean allNumeric = vals.stream().allMatch(v -> v == null || v instanceof Double);
            if (allNumeric) {
                double[] a = new double[rows];
                for (int i = 0; i < rows; i++) {
                    Object v = i < vals.size() ? vals.get(i) : null;
                    a[i] = v == null ? Double.NaN : (Double) v;
                }
                num.put(name, a);
            } else {
                String[] a = new String[rows];
                for (int i = 0; i < rows; i++) {
                    Object v = i < vals.size() ? vals.get(i) : null;
                    a[i] = v == null ? null : v instanceof Double d ? Formats.number(d) : (String) v;
                }
                cat.put(name, a);
            }
        }
        return new Dataset(source, rows, num, cat, List.of());
    }

    public String source() {
        return source;
    }

    public int size() {
        return rows;
    }

    public List<String> notes() {
        return notes;
    }

    public Set<String> numericColumns() {
        return numeric.keySet();
    }

    public Set<String> categoricalColumns() {
        return categorical.keySet();
    }

    public List<String> columnNames() {
        List<String> all = new ArrayList<>(numeric.keySet());
        all.addAll(categorical.keySet());
        return all;
    }

    public boolean has(String name) {
        return numeric.containsKey(name) || categorical.containsKey(name);
    }

    public boolean isNumeric(String name) {
        return numeric.containsKey(name);
    }

    /** The numeric column, with a message that lists what exists when it does not. */
    public double[] numeric(String name) {
        double[] a = numeric.get(name);
        if (a != null) {
            return a;
        }
        String[] c = categorical.get(name);
        if (c != null) {
            String bad = null;
            for (String s : c) {
                if (s != null) {
                    try {
                        Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        bad = s;
                        break;
                    }
                }
            }
            throw new FitException("column '" + name + "' is not numeric (it contains '" + bad
                    + "'); map a numeric column to it with --col " + name + "=OTHER or derive it with --derive");
        }
        throw new FitException("the data have no column '" + name + "'; columns are " + columnNames()
                + ". Map one with --col " + name + "=COLUMN or compute it with --derive " + name + "=EXPRESSION");
    }

    public String[] categorical(String name) {
        String[] c = categorical.get(name);
        if (c == null) {
            throw new FitException("the data have no categorical column '" + name + "'");
        }
        return c;
    }

    private Dataset with(Map<String, double[]> num, Map<String, String[]> cat, int newRows, String note) {
        List<String> n = new ArrayList<>(notes);
        if (note != null) {
            n.add(note);
        }
        return new Dataset(source, newRows, num, cat, n);
    }

    /** Makes {@code name} refer to the values of {@code existing} (the CLI's {@code --col name=existing}). */
    public Dataset alias(String name, String existing) {
        if (!has(existing)) {
            throw new FitException("--col " + name + "=" + existing + ": the data have no column '" + existing
                    + "'; columns are " + columnNames());
        }
        Map<String, double[]> num = new LinkedHashMap<>(numeric);
        Map<String, String[]> cat = new LinkedHashMap<>(categorical);
        num.remove(name);
        cat.remove(name);
        if (numeric.containsKey(existing)) {
            num.put(name, numeric.get(existing));
        } else {
            cat.put(name, categorical.get(existing));
        }
        return with(num, cat, rows, "column " + name + " = column '" + existing + "'");
    }

    /**
     * Puts {@code value} where numeric column {@code name} is missing (null or NaN), e.g. the
     * precision of an unquantized run ({@code --fill P_w=32}); the column is created if absent.
     */
    public Dataset fill(String name, double value) {
        if (categorical.containsKey(name)) {
            throw new FitException("--fill " + name + ": column '" + name + "' is not numeric");
        }
        double[] a = numeric.containsKey(name) ? numeric.get(name).clone() : new double[rows];
        int filled = 0;
        for (int r = 0; r < rows; r++) {
            if (!numeric.containsKey(name) || Double.isNaN(a[r])) {
                a[r] = value;
                filled++;
            }
        }
        Map<String, double[]> num = new LinkedHashMap<>(numeric);
        num.put(name, a);
        return with(num, categorical, rows, "column " + name + ": " + filled + " missing value(s) set to "
                + Formats.number(value));
    }

    /** Adds (or replaces) a numeric column computed row by row from other numeric columns. */
    public Dataset derive(String name, String expressionText) {
        Expression e = Expression.parse(expressionText);
        List<String> names = new ArrayList<>(e.names());
        Map<String, Integer> slots = new LinkedHashMap<>();
        double[][] inputs = new double[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!has(n)) {
                throw new FitException("--derive " + name + "=" + expressionText + ": the data have no column '" + n
                        + "'; columns are " + columnNames() + " (quote names with spaces: \"Model Size\")");
            }
            inputs[i] = numeric(n);
            slots.put(n, i);
        }
        Expression.Compiled c = e.compile(slots);
        double[] out = new double[rows];
        double[] v = new double[names.size()];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < v.length; i++) {
                v[i] = inputs[i][r];
            }
            out[r] = c.eval(v);
        }
        Map<String, double[]> num = new LinkedHashMap<>(numeric);
        Map<String, String[]> cat = new LinkedHashMap<>(categorical);
        cat.remove(name);
        num.put(name, out);
        return with(num, cat, rows, "column " + name + " = " + expressionText);
    }

    /**
     * Keeps the rows where column {@code name} equals {@code value}: as text for a categorical
     * column, as a number for a numeric one (the CLI's {@code --where name=value}).
     */
    public Dataset where(String name, String value) {
        return where(name, "=", value);
    }

    /**
     * Keeps the rows where column {@code name} compares to {@code value} by {@code op}: {@code =} and
     * {@code !=} on any column, {@code <}, {@code <=}, {@code >}, {@code >=} on numeric ones. A row
     * without a value never matches.
     */
    public Dataset where(String name, String op, String value) {
        String shown = name + op + value;
        boolean[] keep = new boolean[rows];
        boolean equality = op.equals("=") || op.equals("!=");
        if (!equality && !List.of("<", "<=", ">", ">=").contains(op)) {
            throw new IllegalArgumentException("unknown comparison " + op);
        }
        if (categorical.containsKey(name)) {
            if (!equality) {
                throw new FitException("--where " + shown + ": column '" + name + "' is not numeric; compare it with = or !=");
            }
            String[] c = categorical.get(name);
            for (int i = 0; i < rows; i++) {
                keep[i] = c[i] != null && value.equals(c[i]) == op.equals("=");
            }
        } else if (numeric.containsKey(name)) {
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new FitException("--where " + shown + ": column '" + name + "' is numeric; give a number");
            }
            double[] c = numeric.get(name);
            for (int i = 0; i < rows; i++) {
                double x = c[i];
                keep[i] = !Double.isNaN(x) && switch (op) {
                    case "=" -> x == v;
                    case "!=" -> x != v;
                    case "<" -> x < v;
                    case "<=" -> x <= v;
                    case ">" -> x > v;
                    default -> x >= v;
                };
            }
        } else {
            throw new FitException("--where " + shown + ": the data have no column '" + name + "'; columns are "
                    + columnNames());
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        String said = op.equals("=") ? name + " = " + value : name + " " + op + " " + value;
        return filter(keep, "kept the " + kept + " of " + rows + " rows with " + said);
    }

    /** Keeps the rows whose flag is set. */
    public Dataset filter(boolean[] keep, String note) {
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        int[] idx = new int[count];
        for (int i = 0, j = 0; i < keep.length; i++) {
            if (keep[i]) {
                idx[j++] = i;
            }
        }
        return select(idx, note);
    }

    public Dataset select(int[] idx, String note) {
        Map<String, double[]> num = new LinkedHashMap<>();
        numeric.forEach((k, v) -> {
            double[] a = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                a[i] = v[idx[i]];
            }
            num.put(k, a);
        });
        Map<String, String[]> cat = new LinkedHashMap<>();
        categorical.forEach((k, v) -> {
            String[] a = new String[idx.length];
            for (int i = 0; i < idx.length; i++) {
                a[i] = v[idx[i]];
            }
            cat.put(k, a);
        });
        return with(num, cat, idx.length, note);
    }

    /**
     * Drops the {@code k} rows with the largest values of {@code column} (Besiroglu et al. drop
     * the five highest-loss points of the Chinchilla data as outliers). Ties are broken by row
     * order so the result is reproducible.
     */
    public Dataset dropTop(String column, int k) {
        if (k <= 0) {
            return this;
        }
        if (k >= rows) {
            throw new FitException("cannot drop the top " + k + " rows of '" + column + "': the data have only " + rows);
        }
        double[] v = numeric(column);
        Integer[] order = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(v[b], v[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        boolean[] keep = new boolean[rows];
        java.util.Arrays.fill(keep, true);
        for (int i = 0; i < k; i++) {
            keep[order[i]] = false;
        }
        return filter(keep, "dropped the " + k + " rows with the highest " + column);
    }
}
