package io.exmy.fit.solve;

import io.exmy.fit.base.FitException;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The grid of initialisations. Hoffmann et al. start a local optimizer from every grid point
 * (4,500 for Chinchilla). Scoring every grid point is cheap, but the local runs are not, so we
 * score the whole grid and start from the best {@code starts} points: the objective at the
 * start is a good proxy for the basin, and the test on the Chinchilla data checks that this
 * reaches the published optimum. {@code starts <= 0} runs from every grid point.
 */
final class StartGrid {
    private StartGrid() {
    }

    static long size(Law law) {
        long s = 1;
        for (Parameter p : law.parameters()) {
            s *= p.gridSize();
        }
        return s;
    }

    static double[] point(Law law, long index) {
        List<Parameter> ps = law.parameters();
        double[] t = new double[ps.size()];
        for (int j = ps.size() - 1; j >= 0; j--) {
            int g = ps.get(j).gridSize();
            t[j] = ps.get(j).gridValue((int) (index % g));
            index /= g;
        }
        return t;
    }

    /** The {@code starts} best grid points by the objective, best first; ties keep grid order. */
    static List<double[]> best(Law law, ToDoubleFunction<double[]> objective, int starts) {
        long total = size(law);
        if (total > Integer.MAX_VALUE) {
            throw new FitException("grid of initial values too large: " + total);
        }
        int n = (int) total;
        double[] score = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double v = objective.applyAsDouble(point(law, i));
            score[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        });
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> score[i]).thenComparingInt(i -> i));
        int k = starts <= 0 ? n : Math.min(starts, n);
        List<double[]> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(point(law, order[i]));
        }
        return out;
    }
}
