package io.exmy.fit;

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
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * @param samples natural-scale constants of each successful replicate
     * @param failed  replicates whose fit did not converge (excluded from the intervals)
     */
    public record Result(int replicates, int failed, double level, long seed, double[] lower, double[] upper,
                         double[] median, double[] stdError, double[][] samples) {
    }

    public static Result run(FitProblem problem, Fitter fitter, Fitter.Fit full, int replicates, double level, long seed) {
        if (replicates < 2) {
            throw new FitException("--bootstrap needs at least 2 replicates, got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new FitException("confidence level must be between 0 and 1, got " + level);
        }
        int n = problem.size();
        SplittableRandom root = new SplittableRandom(seed);
        long[] seeds = new long[replicates];
        for (int b = 0; b < replicates; b++) {
            seeds[b] = root.nextLong();
        }
        List<double[]> starts = new ArrayList<>();
        starts.add(full.best().theta());
        starts.addAll(full.starts().subList(0, Math.min(2, full.starts().size())));
        Law law = problem.law();
        double[][] results = IntStream.range(0, replicates).parallel().mapToObj(b -> {
            SplittableRandom rng = new SplittableRandom(seeds[b]);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[rng.nextInt(n)] += 1;
            }
            FitProblem rp = problem.withWeights(w);
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
        if (ok.size() < 2) {
            throw new FitException("the bootstrap failed: only " + ok.size() + " of " + replicates
                    + " replicate fits converged; the law is not identified by these data");
        }
        double tail = (1 - level) / 2;
        for (int j = 0; j < p; j++) {
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
        return new Result(replicates, replicates - ok.size(), level, seed, lo, hi, med, se, ok.toArray(double[][]::new));
    }

    /** Linear interpolation between order statistics (the common "type 7" definition). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double f = pos - i;
        return sorted[i] + f * (sorted[i + 1] - sorted[i]);
    }
}
