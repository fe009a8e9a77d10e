package io.exmy.bench;

import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ExpressionLaw;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.law.Law;
import io.exmy.fit.solve.LawFitter;
import io.exmy.fit.law.Laws;
import io.exmy.fit.Synthetic;
import java.util.List;
import java.util.Map;

/**
 * How long a user waits for a fit: each law fitted once, cold (no warm-up) and alone, to points
 * drawn from its published constants with log-normal noise, grid of initialisations included.
 * The fitter's goal is 1,000 points of any law in under 5 s on two cores (docs/BENCHMARKS.md).
 */
public final class FitBenchmark {
    /** One timed fit. */
    public record Result(String law, int points, long gridSize, double seconds, boolean converged, double r2Log) {
    }

    /** Noise per law: small enough that the fit is well posed, as in the recovery tests. */
    private static final Map<String, Double> SIGMA = Map.of("chinchilla", 0.005, "sun", 0.003, "kumar", 0.002,
            "kumar-ptq", 0.02, "kumar-unified", 0.002, "ouyang", 0.02, "recipe-efficiency", 0.005,
            "expr", 0.005);

    /** The laws measured: every built-in one, and a user expression ({@code expr}: Chinchilla's form, parsed). */
    public static List<String> laws() {
        return Laws.IDS;
    }

    private FitBenchmark() {
    }

    public static Result run(String lawId, int points, long seed) {
        Law law;
        Dataset data;
        if (lawId.equals("expr")) {
            ChinchillaLaw chinchilla = new ChinchillaLaw();
            data = Synthetic.chinchilla(chinchilla.preset(chinchilla.defaultPreset()), points, SIGMA.get("expr"), seed);
            law = ExpressionLaw.forColumns("E + A/N^alpha + B/D^beta", "loss", data.numericColumns(),
                    List.of("E", "A", "B"), Map.of());
        } else {
            Law base = Laws.builtIn(lawId);
            data = Synthetic.forLaw(base, points, SIGMA.getOrDefault(lawId, 0.005), seed);
            // as exmy fit fits it: the published ties kept, what the law needs to be identified held
            law = Laws.forFit(base.forData(data), List.of(), Synthetic.heldFor(lawId));
        }
        FitProblem p = FitProblem.of(law, data, false);
        long t0 = System.nanoTime();
        FitResult r = LawFitter.fit(p, new HuberFitter(), FitOptions.pointOnly());
        double s = (System.nanoTime() - t0) / 1e9;
        return new Result(lawId, points, r.gridSize(), s, r.converged(), r.r2Log());
    }
}
