package io.exmy.fit.solve;

import io.exmy.fit.base.Formats;
import io.exmy.fit.law.Law;
import java.util.List;

/**
 * Runs a complete fit: the multi-start optimisation, goodness of fit, and the requested
 * uncertainty estimates, and packs them into a {@link FitResult}.
 */
public final class LawFitter {
    private LawFitter() {
    }

    public static FitResult fit(FitProblem problem, Fitter fitter, FitOptions options) {
        long t0 = System.nanoTime();
        Law law = problem.law();
        Fitter.Fit full = fitter.fit(problem);
        Optimum best = full.best();
        List<String> issues = Convergence.problems(law, best.theta());
        boolean converged = best.converged() && issues.isEmpty();
        String note = !best.converged() ? best.note() : String.join("; ", issues);
        double[] estimates = best.theta() == null ? new double[law.parameterCount()] : law.toNatural(best.theta());
        double r2 = Double.NaN, rmse = Double.NaN;
        Bootstrap.Result boot = null;
        Validation holdout = null, loo = null;
        if (best.theta() != null) {
            double[] r = problem.residuals(best.theta());
            double[] logY = problem.logTargets();
            double mean = 0;
            for (double v : logY) {
                mean += v / logY.length;
            }
            double ssRes = 0, ssTot = 0;
            for (int i = 0; i < r.length; i++) {
                ssRes += r[i] * r[i];
                ssTot += (logY[i] - mean) * (logY[i] - mean);
            }
            r2 = 1 - ssRes / ssTot;
            rmse = Math.sqrt(ssRes / r.length);
            if (converged) {
                if (options.bootstrap() > 0) {
                    boot = Bootstrap.run(problem, fitter, full, options.bootstrap(), options.level(), options.seed(),
                            options.units() == null ? Resampling.points(problem.size()) : options.units());
                }
                if (options.holdout() > 0) {
                    holdout = CrossValidation.holdout(problem, fitter, options.holdout(), options.seed());
                }
                if (options.looCv()) {
                    loo = CrossValidation.leaveOneOut(problem, fitter, full);
                }
            }
        }
        String method = fitter.name()
                + (fitter instanceof HuberFitter h ? " (delta=" + Formats.number(h.delta()) + ", "
                + h.optimizer().name().toLowerCase(java.util.Locale.ROOT) + ")" : " (levenberg-marquardt)");
        return new FitResult(law, estimates, method, best.value(), converged, note, problem.size(), r2, rmse,
                full.gridSize(), full.starts().size(), best.evaluations(), boot, holdout, loo, options.seed(),
                (System.nanoTime() - t0) / 1e9, null, problem.notes());
    }

    /** Same as {@link #fit} with the data set's source recorded. */
    public static FitResult fit(FitProblem problem, Fitter fitter, FitOptions options, String source) {
        FitResult r = fit(problem, fitter, options);
        return new FitResult(r.law(), r.estimates(), r.method(), r.objective(), r.converged(), r.convergenceNote(),
                r.points(), r.r2Log(), r.rmseLog(), r.gridSize(), r.starts(), r.evaluations(), r.bootstrap(),
                r.holdout(), r.loo(), r.seed(), r.seconds(), source, r.notes());
    }
}
