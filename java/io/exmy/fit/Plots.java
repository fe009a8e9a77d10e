package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.LawColumn;
import io.exmy.fit.solve.FitProblem;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import io.exmy.io.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** PNG charts of fits and derived results (JFreeChart, headless, written atomically). */
public final class Plots {
    public static final int WIDTH = 900, HEIGHT = 650;
    /** At most this many groups get their own series in the loss-vs-data plot, so it stays legible. */
    static final int MAX_GROUPS = 8;

    private static final Paint[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /** Observed against predicted target on log axes, with the y = x line. */
    public static void observedVsPredicted(FitProblem p, double[] constants, Path out) throws IOException {
        Law law = p.law();
        XYSeries pts = new XYSeries("points", false);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int i = 0; i < p.size(); i++) {
            double pred = law.predict(constants, p.row(i));
            double obs = p.observed(i);
            if (pred > 0 && Double.isFinite(pred)) {
                pts.add(pred, obs);
                lo = Math.min(lo, Math.min(pred, obs));
                hi = Math.max(hi, Math.max(pred, obs));
            }
        }
        XYSeries diag = new XYSeries("y = x", false);
        if (hi > 0) {
            diag.add(lo, lo);
            diag.add(hi, hi);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(pts);
        data.addSeries(diag);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesPaint(1, Color.GRAY);
        r.setSeriesStroke(1, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        String t = law.target();
        XYPlot plot = new XYPlot(data, axis("predicted " + t, lo, hi), axis("observed " + t, lo, hi), r);
        write(new JFreeChart(law.id() + ": observed vs predicted " + t + " (" + p.size() + " points)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /**
     * Target against one input (normally D) for groups of points sharing the other inputs (a
     * format, a model size), each with the law's curve through the group. Inputs with many
     * distinct values (model sizes read off a figure) are binned in log space so groups form.
     */
    public static void lossVsInput(FitProblem p, double[] constants, String xColumn, Path out) throws IOException {
        Law law = p.law();
        List<String> cols = law.columnNames();
        int xi = cols.indexOf(xColumn);
        if (xi < 0) {
            throw new FitException("cannot plot against '" + xColumn + "': law " + law.id() + " reads " + cols);
        }
        int n = p.size();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = p.row(i);
        }
        List<Grouping> groupings = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            if (c != xi) {
                groupings.add(Grouping.of(law.columns().get(c), c, rows));
            }
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            StringBuilder key = new StringBuilder();
            for (Grouping g : groupings) {
                key.append(key.length() == 0 ? "" : " ").append(g.label(rows[i][g.column]));
            }
            groups.computeIfAbsent(key.length() == 0 ? "all points" : key.toString(), k -> new ArrayList<>()).add(i);
        }
        List<Map.Entry<String, List<Integer>>> shown = new ArrayList<>(groups.entrySet());
        shown.sort(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> -e.getValue().size()));
        if (shown.size() > MAX_GROUPS) {
            shown = shown.subList(0, MAX_GROUPS);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        double xlo = Double.POSITIVE_INFINITY, xhi = 0, ylo = Double.POSITIVE_INFINITY, yhi = 0;
        int s = 0;
        for (int g = 0; g < shown.size(); g++) {
            List<Integer> members = shown.get(g).getValue();
            String label = shown.get(g).getKey();
            XYSeries pts = new XYSeries(label, false, true);
            XYSeries curve = new XYSeries(label + " (fit)", false, true);
            double gx0 = Double.POSITIVE_INFINITY, gx1 = 0;
            double[] logMean = new double[cols.size()], mean = new double[cols.size()];
            boolean[] positive = new boolean[cols.size()];
            java.util.Arrays.fill(positive, true);
            for (int i : members) {
                pts.add(rows[i][xi], p.observed(i));
                gx0 = Math.min(gx0, rows[i][xi]);
                gx1 = Math.max(gx1, rows[i][xi]);
                ylo = Math.min(ylo, p.observed(i));
                yhi = Math.max(yhi, p.observed(i));
                for (int c = 0; c < cols.size(); c++) {
                    positive[c] &= rows[i][c] > 0;
                    logMean[c] += Math.log(rows[i][c]) / members.size();
                    mean[c] += rows[i][c] / members.size();
                }
            }
            // The curve runs at the group's mean inputs (geometric where positive: sizes are
            // log-spaced), a bit beyond its data range.
            double[] at = new double[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                at[c] = positive[c] ? Math.exp(logMean[c]) : mean[c];
            }
            double a = Math.log(gx0) - 0.1, b = Math.log(gx1) + 0.1;
            for (int k = 0; k <= 60; k++) {
                at[xi] = Math.exp(a + (b - a) * k / 60);
                double y = law.predict(constants, at);
                if (y > 0 && Double.isFinite(y)) {
                    curve.add(at[xi], y);
                    ylo = Math.min(ylo, y);
                    yhi = Math.max(yhi, y);
                }
            }
            xlo = Math.min(xlo, Math.exp(a));
            xhi = Math.max(xhi, Math.exp(b));
            data.addSeries(pts);
            data.addSeries(curve);
            Paint color = PALETTE[g % PALETTE.length];
            r.setSeriesLinesVisible(s, false);
            r.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
            r.setSeriesPaint(s, color);
            r.setSeriesShapesVisible(s + 1, false);
            r.setSeriesPaint(s + 1, color);
            r.setSeriesVisibleInLegend(s + 1, false);
            s += 2;
        }
        String title = law.id() + ": " + law.target() + " vs " + xColumn
                + (groups.size() > shown.size() ? " (" + shown.size() + " largest of " + groups.size() + " groups)" : "");
        XYPlot plot = new XYPlot(data, axis(xColumn, xlo, xhi), axis(law.target(), ylo, yhi), r);
        write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /** Best exponent and mantissa bits against total bit width: continuous optimum and best integer pair. */
    public static void emSplit(Derivations d, int minBits, int maxBits, Path out) throws IOException {
        XYSeries ec = new XYSeries("E (continuous)"), mc = new XYSeries("M (continuous)");
        XYSeries ei = new XYSeries("E (best integer)"), mi = new XYSeries("M (best integer)");
        for (int p = minBits; p <= maxBits; p++) {
            Derivations.Split s = d.bestSplit(p);
            ec.add(p, s.exponent());
            mc.add(p, s.mantissa());
            ei.add(p, s.bestE());
            mi.add(p, s.bestM());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ec);
        data.addSeries(mc);
        data.addSeries(ei);
        data.addSeries(mi);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesShapesVisible(0, false);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesLinesVisible(2, false);
        r.setSeriesLinesVisible(3, false);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesPaint(2, PALETTE[0]);
        r.setSeriesPaint(1, PALETTE[1]);
        r.setSeriesPaint(3, PALETTE[1]);
        r.setSeriesShape(2, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesShape(3, new Rectangle2D.Double(-4, -4, 8, 8));
        NumberAxis x = new NumberAxis("total bits P = 1 + E + M");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("bits");
        XYPlot plot = new XYPlot(data, x, y, r);
        write(new JFreeChart(d.law().id() + ": best exponent/mantissa split by bit width",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /** Loss at the compute-optimal model size against precision, for one budget. */
    public static void computeOptimal(List<Derivations.ComputePoint> points, Derivations.ComputePoint best,
                                      String budget, Path out) throws IOException {
        XYSeries s = new XYSeries("best format at each bit width");
        for (Derivations.ComputePoint c : points) {
            s.add(c.bits(), c.loss());
        }
        XYSeries b = new XYSeries("continuous optimum (" + Formats.number(best.bits(), 3) + " bits)");
        b.add(best.bits(), best.loss());
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(s);
        data.addSeries(b);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesPaint(0, PALETTE[0]);
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShape(1, new Ellipse2D.Double(-6, -6, 12, 12));
        r.setSeriesPaint(1, PALETTE[1]);
        NumberAxis x = new NumberAxis("precision P (bits)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("loss at the compute-optimal N, D");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        write(new JFreeChart("compute-optimal precision at C = " + budget, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /** Log axis when the values span more than a factor of 5, linear otherwise (losses 2-5 read better linear). */
    private static ValueAxis axis(String label, double lo, double hi) {
        if (lo > 0 && hi / lo > 5) {
            LogAxis a = new LogAxis(label);
            a.setSmallestValue(lo / 2);
            a.setBase(10);
            a.setRange(lo / 1.1, hi * 1.1);
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    private static void write(JFreeChart chart, Path out) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        AtomicFiles.write(out, os -> ChartUtils.writeChartAsPNG(os, chart, WIDTH, HEIGHT));
    }

    /** How one input column splits points into groups: exact values when few, log bins otherwise. */
    private record Grouping(LawColumn input, int column, double[] edges) {
        static final int EXACT_LIMIT = 12, BINS = 4;

        /** Levels of a categorical input are groups as they are; so are few distinct numbers. */
        static Grouping of(LawColumn input, int column, double[][] rows) {
            TreeSet<Double> distinct = new TreeSet<>();
            for (double[] r : rows) {
                distinct.add(r[column]);
            }
            if (input.categorical() || distinct.size() <= EXACT_LIMIT || distinct.first() <= 0) {
                return new Grouping(input, column, null);
            }
            double lo = Math.log(distinct.first()), hi = Math.log(distinct.last());
            double[] edges = new double[BINS + 1];
            for (int i = 0; i <= BINS; i++) {
                edges[i] = Math.exp(lo + (hi - lo) * i / BINS);
            }
            return new Grouping(input, column, edges);
        }

        String label(double v) {
            String name = input.name();
            if (input.categorical()) {
                return name + "=" + input.display(v);
            }
            if (edges == null) {
                return name + "=" + Formats.number(v, 4);
            }
            int b = 0;
            while (b < BINS - 1 && v >= edges[b + 1]) {
                b++;
            }
            return name + "\u2208[" + Formats.number(edges[b], 2) + "," + Formats.number(edges[b + 1], 2) + "]";
        }
    }
}
