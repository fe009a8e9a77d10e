package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.data.Dataset;
import java.util.List;

/**
 * A data column a law reads, with the values it accepts. A categorical column (a training recipe,
 * say) has named levels: the law sees each row's level as its index in {@link #levels()}, so laws
 * and fitters keep working on numbers, and the names appear wherever a person reads them.
 *
 * @param levels the names of a categorical column's levels, in index order; empty for a numeric column
 */
public record LawColumn(String name, Domain domain, String meaning, List<String> levels) {

    public LawColumn {
        levels = List.copyOf(levels);
    }

    public LawColumn(String name, Domain domain, String meaning) {
        this(name, domain, meaning, List.of());
    }

    public static LawColumn categorical(String name, String meaning, List<String> levels) {
        return new LawColumn(name, Domain.LEVEL, meaning, levels);
    }

    public boolean categorical() {
        return domain == Domain.LEVEL;
    }

    /**
     * The column's values from the data: numbers as they are; for a categorical column, each row's
     * level index (NaN where the value is missing). A value that is not one of the law's levels is
     * an error: a saved fit has no constants for a recipe it never saw.
     */
    public double[] values(Dataset data) {
        if (!categorical()) {
            return data.numeric(name);
        }
        String[] text = text(data);
        double[] v = new double[text.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = text[i] == null ? Double.NaN : levels.indexOf(text[i]);
            if (v[i] < 0) {
                throw new FitException("row " + (i + 1) + " of " + data.source() + ": " + name + " '" + text[i]
                        + "' is not one of the law's " + levels + "; keep only those rows (--where " + name + "=...)");
            }
        }
        return v;
    }

    /** A categorical column's values as text (numbers written as in tables). */
    private String[] text(Dataset data) {
        if (!data.has(name)) {
            data.numeric(name); // the data set's own message: which columns exist, how to map one
        }
        if (!data.isNumeric(name)) {
            return data.categorical(name);
        }
        double[] x = data.numeric(name);
        String[] s = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = Double.isNaN(x[i]) ? null : Formats.number(x[i]);
        }
        return s;
    }

    public boolean accepts(double v) {
        return domain.accepts(v) && (!categorical() || v < levels.size());
    }

    /** What {@link #accepts} asks for, for messages. */
    public String requirement() {
        return categorical() ? "one of " + levels : domain.text();
    }

    /** A value as a person reads it: a level's name, or the number. */
    public String display(double v) {
        if (categorical()) {
            return v >= 0 && v < levels.size() && v == Math.rint(v) ? levels.get((int) v) : "a value not among " + levels;
        }
        return Formats.number(v);
    }

    /** A value as typed on a command line: a level's name (or its index), or a number. */
    public double parse(String text) {
        String t = text.trim();
        if (categorical()) {
            int i = levels.indexOf(t);
            if (i < 0) {
                throw new FitException("'" + t + "' is not a level of " + name + "; its levels are " + levels);
            }
            return i;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new FitException("value '" + t + "' for " + name + " is not a number");
        }
    }
}
