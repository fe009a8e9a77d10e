package io.exmy.fit;

import io.exmy.fit.data.DataRecipe;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.KumarTrainingLaw;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kumar et al.'s training law on data such as a weights-only QAT sweep gives: only P_w varies (P_a
 * and P_kv are constant, so their factors only scale N_eff by constants that A absorbs).
 * With γ_a, γ_kv, n_a and n_kv held ({@code --fix}), A, α (= β), B, E, γ_w and n_w are recovered. And {@code --fill}:
 * the unquantized runs' missing precisions take a given value.
 */
class KumarWeightsOnlyFitTest {
    private static final Law KUMAR = new KumarTrainingLaw();

    @Test
    void onlyWeightPrecisionVaryingRecoversTheRestWithTheOtherGammasFixed() {
        double[] truth = KUMAR.preset("kumar2024");
        Dataset data = Synthetic.generate(KUMAR, truth, 300, 0.001, 1, r -> new double[] {
            Synthetic.logUniform(r, 1e7, 1e10), Synthetic.logUniform(r, 1e9, 1e12),
            Synthetic.pick(r, 2, 3, 4, 6, 8, 32), 32, 32});
        assertEquals(truth[1], truth[3], 0, "App. K ties beta to alpha");
        // As exmy fit does it: beta tied to alpha as published, the activation and KV factors held
        Law law = Laws.forFit(KUMAR, List.of(), List.of("gamma_a=1", "gamma_kv=1", "n_a=0", "n_kv=0"));
        FitResult r = LawFitter.fit(FitProblem.of(law, data, false), new HuberFitter(), FitOptions.pointOnly());
        assertTrue(r.converged(), r.convergenceNote());
        // P_a = P_kv = 32 with γ = 1 and n = 0: their factors are 1 - e^-32, so A is the true A times
        // ((1 - e^(1.4072-32/2.2102)) (1 - e^(2.4185-32/0.9578)))^α of the truth, i.e. A itself to 1e-5
        List<String> names = List.of("A", "alpha", "B", "E", "gamma_w", "n_w");
        double[] tol = {0.1, 0.005, 0.3, 0.003, 0.03, 0.05}; // relative
        double[] full = Laws.fullConstants(law, r.estimates());
        for (int i = 0; i < names.size(); i++) {
            double want = truth[KUMAR.parameterNames().indexOf(names.get(i))];
            double got = full[KUMAR.parameterNames().indexOf(names.get(i))];
            assertTrue(Math.abs(got / want - 1) < tol[i], names.get(i) + " " + got + " vs " + want);
        }
    }

    @Test
    void theExmyKumarPresetReadsTrainRecords() {
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        m.put("metrics.N", new double[] {1e5, 1e5});
        m.put("metrics.D", new double[] {3e5, 3e5});
        m.put("metrics.P_w", new double[] {4, Double.NaN});
        m.put("metrics.P_a", new double[] {Double.NaN, Double.NaN});
        m.put("metrics.P_kv", new double[] {8, Double.NaN});
        m.put("metrics.val_loss", new double[] {2.5, 2.4});
        Dataset d = DataRecipe.preset("exmy-kumar").apply(new Dataset("store", 2, m, Map.of(), List.of()), "loss");
        assertArrayEquals(new double[] {4, 32}, d.numeric("P_w"));
        assertArrayEquals(new double[] {32, 32}, d.numeric("P_a"));
        assertArrayEquals(new double[] {8, 32}, d.numeric("P_kv"));
        assertArrayEquals(new double[] {2.5, 2.4}, d.numeric("loss"));
        assertArrayEquals(new double[] {1e5, 1e5}, d.numeric("N"));
    }

    @Test
    void fillReplacesOnlyMissingValues() {
        Dataset d = new Dataset("t", 3, Map.of("P_w", new double[] {3, Double.NaN, 8}), Map.of(), List.of());
        assertArrayEquals(new double[] {3, 32, 8}, new DataRecipe().fill("P_w", 32).apply(d, "loss").numeric("P_w"));
        assertArrayEquals(new double[] {7, 7, 7}, new DataRecipe().fill("P_a", 7).apply(d, "loss").numeric("P_a"));
        assertEquals(3, new DataRecipe().fill("P_a", 7).apply(d, "loss").size());
    }
}
