package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.law.ExpressionLaw;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.solve.CrossValidation;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fitter's user-facing failures: each must say what is wrong and how to fix it. */
class FitErrorsTest {
    private static Dataset data(Map<String, double[]> cols, int n) {
        return new Dataset("test", n, cols, Map.of(), List.of());
    }

    @Test
    void tooFewPoints() {
        Dataset d = Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 5, 0.01, 1);
        FitException e = assertThrows(FitException.class, () -> FitProblem.of(new ChinchillaLaw(), d, false));
        assertTrue(e.getMessage().contains("too few points") && e.getMessage().contains("at least 6"), e.getMessage());
        // Six points are enough to attempt it.
        FitProblem.of(new ChinchillaLaw(), Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 6, 0.01, 1), false);
    }

    @Test
    void nonPositiveValues() {
        Dataset d = Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 20, 0.01, 1);
        double[] n = d.numeric("N").clone();
        n[3] = 0;
        Dataset bad = data(Map.of("N", n, "D", d.numeric("D"), "loss", d.numeric("loss")), 20);
        FitException e = assertThrows(FitException.class, () -> FitProblem.of(new ChinchillaLaw(), bad, false));
        assertTrue(e.getMessage().contains("row 4") && e.getMessage().contains("N = 0") && e.getMessage().contains("--drop-nonpositive"),
                e.getMessage());
        assertEquals(19, FitProblem.of(new ChinchillaLaw(), bad, true).size());

        double[] loss = d.numeric("loss").clone();
        loss[0] = -1;
        Dataset badLoss = data(Map.of("N", d.numeric("N"), "D", d.numeric("D"), "loss", loss), 20);
        assertTrue(assertThrows(FitException.class, () -> FitProblem.of(new ChinchillaLaw(), badLoss, false))
                .getMessage().contains("loss = -1 (must be > 0"));
    }

    @Test
    void blockSizeOfOneIsRejected() {
        Dataset d = Synthetic.sun(new SunFpLaw().preset("sun2025"), 20, 0.01, 1);
        double[] b = d.numeric("B").clone();
        b[0] = 1;
        Map<String, double[]> cols = new java.util.LinkedHashMap<>();
        for (String c : List.of("N", "D", "E", "M", "loss")) {
            cols.put(c, d.numeric(c));
        }
        cols.put("B", b);
        assertTrue(assertThrows(FitException.class, () -> FitProblem.of(new SunFpLaw(), data(cols, 20), false))
                .getMessage().contains("B = 1 (must be > 1)"));
    }

    @Test
    void missingColumnSaysHowToMapIt() {
        Dataset d = data(Map.of("Model Size", new double[] {1, 2}, "loss", new double[] {1, 2}), 2);
        FitException e = assertThrows(FitException.class, () -> FitProblem.of(new ChinchillaLaw(), d, false));
        assertTrue(e.getMessage().contains("no column 'N'") && e.getMessage().contains("--col N="), e.getMessage());
    }

    @Test
    void missingValuesAreDroppedAndNoted() {
        Dataset d = Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 30, 0.01, 1);
        double[] loss = d.numeric("loss").clone();
        loss[2] = Double.NaN;
        FitProblem p = FitProblem.of(new ChinchillaLaw(), data(Map.of("N", d.numeric("N"), "D", d.numeric("D"), "loss", loss), 30), false);
        assertEquals(29, p.size());
        assertTrue(p.notes().stream().anyMatch(s -> s.contains("dropped 1 row(s) with missing")));
    }

    @Test
    void categoricalColumnIsNotNumeric() {
        Dataset d = new Dataset("t", 2, Map.of("loss", new double[] {1, 2}), Map.of("N", new String[] {"7B", "13B"}), List.of());
        assertTrue(assertThrows(FitException.class, () -> d.numeric("N")).getMessage().contains("'7B'"));
    }

    @Test
    void unidentifiedConstantsAreReportedAsNotConverged() {
        // Constant loss: A and B (and their exponents) are not determined, the scale factors run to their bounds.
        int n = 40;
        Dataset d = Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), n, 0, 1);
        double[] flat = new double[n];
        java.util.Arrays.fill(flat, 2.0);
        FitProblem p = FitProblem.of(new ChinchillaLaw(), data(Map.of("N", d.numeric("N"), "D", d.numeric("D"), "loss", flat), n), false);
        FitResult r = LawFitter.fit(p, new HuberFitter(), FitOptions.pointOnly());
        assertFalse(r.converged());
        assertTrue(r.convergenceNote().contains("bound"), r.convergenceNote());
    }

    @Test
    void expressionLawErrors() {
        assertTrue(assertThrows(FitException.class, () -> ExpressionLaw.forColumns("N + D", "loss", List.of("N", "D"), List.of(), Map.of()))
                .getMessage().contains("no parameters"));
        assertTrue(assertThrows(FitException.class, () -> ExpressionLaw.forColumns("a*N", "loss", List.of("N"), List.of("b"), Map.of()))
                .getMessage().contains("--positive b"));
        assertTrue(assertThrows(FitException.class,
                () -> ExpressionLaw.forColumns("a*N", "loss", List.of("N"), List.of("a"), Map.of("a", new double[] {-1})))
                .getMessage().contains("non-positive"));
        assertTrue(assertThrows(FitException.class, () -> ExpressionLaw.forColumns(
                        "a+b+c+d+e+f+g+h", "loss", List.of(), List.of(), Map.of("a", new double[10], "b", new double[10],
                                "c", new double[10], "d", new double[10], "e", new double[10], "f", new double[10])))
                .getMessage().contains("grid of initial values"));
    }

    @Test
    void badOptionValues() {
        assertThrows(FitException.class, () -> new HuberFitter(0, 4, HuberFitter.Optimizer.LM));
        assertThrows(FitException.class, () -> HuberFitter.Optimizer.parse("lbfgs"));
        FitProblem p = FitProblem.of(new ChinchillaLaw(), Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 12, 0.01, 1), false);
        assertTrue(assertThrows(FitException.class, () -> CrossValidation.holdout(p, new HuberFitter(), 0.9, 1))
                .getMessage().contains("smaller fraction"));
        assertThrows(FitException.class, () -> CrossValidation.holdout(p, new HuberFitter(), 1.5, 1));
    }
}
