package io.exmy.fit.solve;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.LawColumn;
import io.exmy.fit.law.RowModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A law bound to the rows it is fitted on: per-row features, log targets and weights. Weights
 * are how resampling works without copying (a bootstrap replicate is a vector of counts, leave-
 * one-out a zero), and the objectives are defined here so every fitter scores the same way.
 */
public final class FitProblem {
    /**
     * Residual charged for a prediction that is not a finite positive number. Large (a factor
     * e^30) but finite, so derivative-free and least-squares optimizers keep a usable model of
     * the objective instead of seeing infinities.
     */
    static final double BAD_RESIDUAL = 30;

    private final Law law;
    private final double[][] columns;
    private final double[][] features;
    private final double[] logY;
    private final double[] y;
    private final double[] weights;
    private final List<String> notes;
    /** For each point, its row in the data set it was taken from (so bootstrap units can be read from other columns). */
    private final int[] dataRows;

    private FitProblem(Law law, double[][] columns, double[][] features, double[] y, double[] weights, List<String> notes,
                       int[] dataRows) {
        this.law = law;
        this.dataRows = dataRows;
        this.columns = columns;
        this.features = features;
        this.y = y;
        this.logY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            logY[i] = Math.log(y[i]);
        }
        this.weights = weights;
        this.notes = List.copyOf(notes);
    }

    /**
     * Takes the law's columns and target from the data and checks them: rows with missing values
     * are dropped (and said so), values outside a column's domain are errors (or dropped when
     * {@code dropNonPositive}), and there must be more points than constants.
     */
    public static FitProblem of(Law law, Dataset data, boolean dropNonPositive) {
        return build(law, data, dropNonPositive, true);
    }

    /** The usable rows for evaluating (not fitting) a law, e.g. to plot predictions: invalid rows are dropped, any count is fine. */
    public static FitProblem forEvaluation(Law law, Dataset data) {
        return build(law, data, true, false);
    }

    private static FitProblem build(Law law, Dataset data, boolean dropNonPositive, boolean forFitting) {
        List<LawColumn> cols = law.columns();
        double[][] in = new double[cols.size()][];
        for (int c = 0; c < cols.size(); c++) {
            in[c] = cols.get(c).values(data);
        }
        double[] target = data.numeric(law.target());
        int n = data.size();
        List<String> notes = new ArrayList<>(data.notes());
        boolean[] keep = new boolean[n];
        int missing = 0, outOfDomain = 0;
        StringBuilder firstBad = new StringBuilder();
        for (int r = 0; r < n; r++) {
            boolean ok = !Double.isNaN(target[r]);
            for (double[] col : in) {
                ok &= !Double.isNaN(col[r]);
            }
            if (!ok) {
                missing++;
                continue;
            }
            String bad = null;
            for (int c = 0; c < cols.size() && bad == null; c++) {
                LawColumn col = cols.get(c);
                if (!col.accepts(in[c][r])) {
                    bad = col.name() + " = " + col.display(in[c][r]) + " (must be " + col.requirement() + ")";
                }
            }
            if (bad == null && !(target[r] > 0 && Double.isFinite(target[r]))) {
                bad = law.target() + " = " + Formats.number(target[r]) + " (must be > 0: the fit works on its logarithm)";
            }
            if (bad != null) {
                outOfDomain++;
                if (!dropNonPositive) {
                    if (firstBad.length() == 0) {
                        firstBad.append("row ").append(r + 1).append(": ").append(bad);
                    }
                    continue;
                }
                continue;
            }
            keep[r] = true;
        }
        if (outOfDomain > 0 && !dropNonPositive) {
            throw new FitException(outOfDomain + " row(s) of " + data.source() + " have values the law "
                    + law.id() + " cannot take, first " + firstBad + ". Fix the data or drop such rows with --drop-nonpositive");
        }
        if (missing > 0) {
            notes.add("dropped " + missing + " row(s) with missing " + law.columnNames() + " or " + law.target());
        }
        if (outOfDomain > 0) {
            notes.add("dropped " + outOfDomain + " row(s) outside the law's domain (--drop-nonpositive)");
        }
        int m = 0;
        for (boolean k : keep) {
            m += k ? 1 : 0;
        }
        int p = law.parameterCount();
        if (forFitting && m < p + 1 || m == 0) {
            throw new FitException("too few points: law " + law.id() + " has " + p + " constants and needs at least "
                    + (p + 1) + " usable points, but " + data.source() + " has " + m
                    + (m < n ? " (of " + n + " rows; the rest miss values)" : "") + ". Add data or fit a law with fewer constants");
        }
        double[][] rowsCols = new double[m][];
        double[][] feats = new double[m][];
        double[] ys = new double[m];
        int[] dataRows = new int[m];
        for (int r = 0, j = 0; r < n; r++) {
            if (!keep[r]) {
                continue;
            }
            dataRows[j] = r;
            double[] row = new double[cols.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = in[c][r];
            }
            rowsCols[j] = row;
            feats[j] = law.features(row);
            ys[j] = target[r];
            j++;
        }
        return new FitProblem(law, rowsCols, feats, ys, null, notes, dataRows);
    }

    public Law law() {
        return law;
    }

    public int size() {
        return y.length;
    }

    public List<String> notes() {
        return notes;
    }

    /** Raw column values of row {@code i}, in the law's column order. */
    public double[] row(int i) {
        return columns[i].clone();
    }

    /** The row of the data set that point {@code i} came from. */
    public int dataRow(int i) {
        return dataRows[i];
    }

    public double observed(int i) {
        return y[i];
    }

    public double weight(int i) {
        return weights == null ? 1 : weights[i];
    }

    /** The same rows with per-row weights (counts for a bootstrap replicate, 0 to leave a row out). */
    public FitProblem withWeights(double[] w) {
        if (w.length != y.length) {
            throw new IllegalArgumentException("weights length " + w.length + " != " + y.length);
        }
        return new FitProblem(law, columns, features, y, w.clone(), notes, dataRows);
    }

    /** Only the given rows (for a held-out split). */
    public FitProblem subset(int[] idx) {
        double[][] c = new double[idx.length][], f = new double[idx.length][];
        double[] yy = new double[idx.length];
        double[] w = weights == null ? null : new double[idx.length];
        int[] rows = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            rows[i] = dataRows[idx[i]];
            c[i] = columns[idx[i]];
            f[i] = features[idx[i]];
            yy[i] = y[idx[i]];
            if (w != null) {
                w[i] = weights[idx[i]];
            }
        }
        return new FitProblem(law, c, f, yy, w, notes, rows);
    }

    /** log(prediction) - log(observed) for every row; a non-finite prediction counts as {@link #BAD_RESIDUAL}. */
    public double[] residuals(double[] theta) {
        RowModel m = law.bind(theta);
        double[] r = new double[y.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = residual(m.logPredict(features[i]), logY[i]);
        }
        return r;
    }

    private static double residual(double logPred, double logObs) {
        double r = logPred - logObs;
        return Double.isFinite(r) ? r : BAD_RESIDUAL;
    }

    /** Hoffmann et al.'s objective: sum of Huber(delta) of log-residuals. */
    public double huber(double[] theta, double delta) {
        RowModel m = law.bind(theta);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            double r = Math.abs(residual(m.logPredict(features[i]), logY[i]));
            sum += w * (r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta));
        }
        return sum;
    }

    /** Sum of squared log-residuals (weighted). */
    public double sumSquares(double[] theta) {
        RowModel m = law.bind(theta);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            double r = residual(m.logPredict(features[i]), logY[i]);
            sum += w * r * r;
        }
        return sum;
    }

    double[] logTargets() {
        return logY;
    }

    public double[] weightsOrNull() {
        return weights;
    }
}
