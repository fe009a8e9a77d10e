package io.exmy.fit.solve;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A way of fitting a law: an objective plus a local optimizer, run from the grid of
 * initialisations. Multi-start results are combined deterministically (best objective, ties
 * by start order), so parallel runs give the same answer as serial ones.
 */
public interface Fitter {

    /** Name shown in reports and saved fits, e.g. {@code huber}. */
    String name();

    /** The objective being minimised, for reporting. */
    double objective(FitProblem problem, double[] theta);

    /** Local optimization from one start. */
    Optimum local(FitProblem problem, double[] start);

    /** How many of the best grid points to start from (0: all). */
    int starts();

    /** Scores the whole grid, then optimizes locally from the best starts. */
    default Fit fit(FitProblem problem) {
        List<double[]> starts = StartGrid.best(problem.law(), t -> objective(problem, t), starts());
        return new Fit(refine(problem, starts), starts, StartGrid.size(problem.law()));
    }

    /** Local optimization from each start (in parallel); returns the best. */
    default Optimum refine(FitProblem problem, List<double[]> starts) {
        return bestOf(starts.size(), i -> local(problem, starts.get(i)), true);
    }

    static Optimum bestOf(int count, Function<Integer, Optimum> run, boolean parallel) {
        IntStream idx = IntStream.range(0, count);
        Optimum[] all = (parallel ? idx.parallel() : idx).mapToObj(run::apply).toArray(Optimum[]::new);
        Optimum best = all[0];
        long evals = 0;
        for (Optimum o : all) {
            evals += o.evaluations();
            if (Optimum.compare(o, best) < 0) {
                best = o;
            }
        }
        return new Optimum(best.theta(), best.value(), evals, best.converged(), best.note());
    }

    /** A full fit: the best optimum, the starts used (reused by the bootstrap), and the grid size. */
    record Fit(Optimum best, List<double[]> starts, long gridSize) {
    }
}
