package io.exmy.fit.solve;

import io.exmy.fit.law.Law;
import java.util.List;

/**
 * Everything a fit produced: the constants (natural scale, in the law's parameter order),
 * goodness of fit on log L, optional bootstrap intervals and out-of-sample errors, and the
 * provenance needed to reproduce it.
 *
 * @param bootstrap null unless requested
 * @param holdout   null unless requested
 * @param loo       null unless requested
 */
public record FitResult(Law law, double[] estimates, String method, double objective, boolean converged,
                        String convergenceNote, int points, double r2Log, double rmseLog, long gridSize,
                        int starts, long evaluations, Bootstrap.Result bootstrap, Validation holdout,
                        Validation loo, long seed, double seconds, String source, List<String> notes) {

    public double estimate(String name) {
        int i = law.parameterNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("law " + law.id() + " has no constant " + name);
        }
        return estimates[i];
    }
}
