package io.exmy.fit.solve;

import java.util.function.ToDoubleFunction;

/**
 * Wraps an objective and remembers the best point it was called with, so an optimizer that
 * gives up (too many evaluations) still yields its best point, reported as not converged.
 */
final class BestSoFar {
    private final ToDoubleFunction<double[]> f;
    private double[] point;
    private double value = Double.POSITIVE_INFINITY;

    BestSoFar(ToDoubleFunction<double[]> f) {
        this.f = f;
    }

    double value(double[] x) {
        double v = f.applyAsDouble(x);
        if (v < value || point == null) {
            value = v;
            point = x.clone();
        }
        return v;
    }

    double[] point() {
        return point == null ? null : point.clone();
    }

    double value() {
        return value;
    }
}
