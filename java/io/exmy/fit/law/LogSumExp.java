package io.exmy.fit.law;

/**
 * log(e^a + e^b + ...) without overflow: the terms of a Chinchilla-type law, written as
 * exp(linear in log inputs), can individually be astronomically large at a bad grid point.
 */
final class LogSumExp {
    private LogSumExp() {
    }

    static double of(double a, double b) {
        double m = Math.max(a, b);
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    static double of(double a, double b, double c) {
        double m = Math.max(a, Math.max(b, c));
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
    }

    static double of(double a, double b, double c, double d) {
        double m = Math.max(Math.max(a, b), Math.max(c, d));
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m) + Math.exp(d - m));
    }
}
