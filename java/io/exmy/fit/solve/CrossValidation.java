package io.exmy.fit.solve;

import io.exmy.fit.base.FitException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Held-out and leave-one-out prediction error, the honest measure of whether a law
 * extrapolates rather than merely fits.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /**
     * Fits on a random {@code 1 - fraction} of the points (full grid and starts) and scores the rest.
     * The split is a seeded shuffle, so it is reproducible.
     */
    public static Validation holdout(FitProblem problem, Fitter fitter, double fraction, long seed) {
        int n = problem.size();
        if (!(fraction > 0 && fraction < 1)) {
            throw new FitException("--holdout must be a fraction between 0 and 1 (e.g. 0.2), got " + fraction);
        }
        int test = (int) Math.max(1, Math.round(fraction * n));
        int train = n - test;
        int p = problem.law().parameterCount();
        if (train < p + 1) {
            throw new FitException("--holdout " + fraction + " leaves " + train + " training points, but law "
                    + problem.law().id() + " needs at least " + (p + 1) + "; use a smaller fraction");
        }
        int[] perm = IntStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] trainIdx = java.util.Arrays.copyOfRange(perm, 0, train);
        int[] testIdx = java.util.Arrays.copyOfRange(perm, train, n);
        java.util.Arrays.sort(trainIdx);
        java.util.Arrays.sort(testIdx);
        Fitter.Fit fit = fitter.fit(problem.subset(trainIdx));
        boolean ok = fit.best().converged() && Convergence.problems(problem.law(), fit.best().theta()).isEmpty();
        double[] r = problem.subset(testIdx).residuals(fit.best().theta());
        return score("holdout", train, r, ok ? 0 : 1);
    }

    /** Refits without each point in turn (warm-started from the full fit) and predicts it. */
    public static Validation leaveOneOut(FitProblem problem, Fitter fitter, Fitter.Fit full) {
        int n = problem.size();
        int p = problem.law().parameterCount();
        if (n - 1 < p + 1) {
            throw new FitException("leave-one-out needs at least " + (p + 2) + " points for law " + problem.law().id());
        }
        double[] start = full.best().theta();
        int[] failed = new int[n];
        double[] r = IntStream.range(0, n).parallel().mapToDouble(i -> {
            double[] w = new double[n];
            java.util.Arrays.fill(w, 1);
            w[i] = 0;
            Optimum o = fitter.local(problem.withWeights(w), start);
            if (!o.converged() || !Convergence.problems(problem.law(), o.theta()).isEmpty()) {
                failed[i] = 1;
            }
            return problem.subset(new int[] {i}).residuals(o.theta())[0];
        }).toArray();
        return score("leave-one-out", n - 1, r, java.util.Arrays.stream(failed).sum());
    }

    private static Validation score(String kind, int train, double[] r, int failed) {
        double ss = 0, ape = 0;
        for (double x : r) {
            ss += x * x;
            ape += Math.abs(Math.expm1(x)); // |pred/obs - 1|
        }
        return new Validation(kind, train, r.length, Math.sqrt(ss / r.length), 100 * ape / r.length, failed);
    }
}
