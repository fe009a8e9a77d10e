package io.exmy.fit.solve;

import io.exmy.fit.base.FitException;
import io.exmy.fit.law.Law;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Nonparametric bootstrap: resample the points with replacement, refit, and take percentile
 * intervals of each constant. A replicate is a vector of counts used as weights, so no data are
 * copied. Each replicate draws from its own generator seeded in sequence from the user's seed,
 * so the result is the same however the replicates are scheduled on threads.
 *
 * <p>Each replicate starts from the full-data optimum and the two best grid starts of the full
 * fit rather than re-scoring the whole grid: a resample moves the optimum a little, not into
 * another basin, and this keeps 200 replicates within seconds.
 *
 * <p>A refit fails when its optimizer does not converge or a constant runs to its bound. Failed
 * refits have no constants to put in an interval, so the intervals are percentiles over the
 * refits that converged, and the number that failed is part of the result: it is printed beside
 * the intervals, and more than {@link Identification#MAX_FAILED_FRACTION} of them marks the fit
 * as not identified by its data. A resample that cannot be fitted is evidence that the
 * constants are not pinned down, so hiding it would make the intervals look better than they are.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * @param replicates refits attempted
     * @param failed     refits that did not converge; the intervals, median and standard error are
     *                   over the other {@code replicates - failed} (NaN when fewer than two converged)
     * @param samples    natural-scale constants of each converged refit
     * @param resampled  what a replicate draws with replacement ({@link Resampling#description()})
     */
    public record Result(int replicates, int failed, double level, long seed, double[] lower, double[] upper,
                         double[] median, double[] stdError, double[][] samples, String resampled) {

        public int converged() {
            return replicates - failed;
        }

        public double failedFraction() {
            return (double) failed / replicates;
        }
    }

    public static Result run(FitProblem problem, Fitter fitter, Fitter.Fit full, int replicates, double level, long seed) {
        return run(problem, fitter, full, replicates, level, seed, Resampling.points(problem.size()));
    }

    /** The same with the units a replicate draws: points, or whole clusters within strata ({@link Resampling}). */
    public static Result run(FitProblem problem, Fitter fitter, Fitter.Fit full, int replicates, double level, long seed,
                             Resampling units) {
        if (replicates < 2) {
            throw new FitException("--bootstrap needs at least 2 replicates, got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new FitException("confidence level must be between 0 and 1, got " + level);
        }
        long[] seeds = replicateSeeds(seed, replicates);
        List<double[]> starts = new ArrayList<>();
        starts.add(full.best().theta());
        starts.addAll(full.starts().subList(0, Math.min(2, full.starts().size())));
        Law law = problem.law();
        double[][] results = IntStream.range(0, replicates).parallel().mapToObj(b -> {
            FitProblem rp = problem.withWeights(units.weights(seeds[b]));
            Optimum o = Fitter.bestOf(starts.size(), i -> fitter.local(rp, starts.get(i)), false);
            if (!o.converged() || !Convergence.problems(law, o.theta()).isEmpty()) {
                return null;
            }
            return law.toNatural(o.theta());
        }).toArray(double[][]::new);
        List<double[]> ok = new ArrayList<>();
        for (double[] r : results) {
            if (r != null) {
                ok.add(r);
            }
        }
        int p = law.parameterCount();
        double[] lo = new double[p], hi = new double[p], med = new double[p], se = new double[p];
        double tail = (1 - level) / 2;
        for (int j = 0; j < p; j++) {
            if (ok.size() < 2) { // no interval can be formed; the failure count says why
                lo[j] = hi[j] = med[j] = se[j] = Double.NaN;
                continue;
            }
            double[] v = new double[ok.size()];
            for (int b = 0; b < v.length; b++) {
                v[b] = ok.get(b)[j];
            }
            Arrays.sort(v);
            lo[j] = quantile(v, tail);
            hi[j] = quantile(v, 1 - tail);
            med[j] = quantile(v, 0.5);
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            se[j] = Math.sqrt(ss / (v.length - 1));
        }
        return new Result(replicates, replicates - ok.size(), level, seed, lo, hi, med, se, ok.toArray(double[][]::new),
                units.description());
    }

    /** The generator seed of each replicate, drawn in sequence from the user's seed. */
    public static long[] replicateSeeds(long seed, int replicates) {
        SplittableRandom root = new SplittableRandom(seed);
        long[] seeds = new long[replicates];
        for (int b = 0; b < replicates; b++) {
            seeds[b] = root.nextLong();
        }
        return seeds;
    }

    /** One resample as counts: n draws with replacement from the n points. */
    public static double[] replicateWeights(long replicateSeed, int n) {
        return Resampling.points(n).weights(replicateSeed);
    }

    /** Linear interpolation between order statistics (the common "type 7" definition). */
    public static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double f = pos - i;
        return sorted[i] + f * (sorted[i + 1] - sorted[i]);
    }
}
