package io.exmy.fit.solve;

/** Result of one local optimization (or the best of several): fit-space constants and objective value. */
public record Optimum(double[] theta, double value, long evaluations, boolean converged, String note) {

    /** Orders by objective value; NaN sorts last so a broken start never wins. */
    static int compare(Optimum a, Optimum b) {
        return Double.compare(sortable(a.value), sortable(b.value));
    }

    private static double sortable(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
