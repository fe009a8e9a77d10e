package io.exmy.fit;

import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.solve.Bootstrap;
import io.exmy.fit.solve.CrossValidation;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.Fitter;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import io.exmy.fit.solve.Validation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UncertaintyTest {
    private final ChinchillaLaw law = new ChinchillaLaw();
    private final double[] truth = law.preset("besiroglu2024");
    private final FitProblem problem = FitProblem.of(law, Synthetic.chinchilla(truth, 150, 0.01, 7), false);

    @Test
    void bootstrapIsReproducibleForASeed() {
        HuberFitter f = new HuberFitter();
        Fitter.Fit full = f.fit(problem);
        Bootstrap.Result a = Bootstrap.run(problem, f, full, 40, 0.9, 123);
        Bootstrap.Result b = Bootstrap.run(problem, f, full, 40, 0.9, 123);
        Bootstrap.Result c = Bootstrap.run(problem, f, full, 40, 0.9, 124);
        assertArrayEquals(a.lower(), b.lower());
        assertArrayEquals(a.upper(), b.upper());
        assertArrayEquals(a.stdError(), b.stdError());
        assertFalse(java.util.Arrays.equals(a.lower(), c.lower()), "another seed resamples differently");
    }

    @Test
    void bootstrapIntervalsCoverTheTruth() {
        FitResult r = LawFitter.fit(problem, new HuberFitter(), new FitOptions(60, 0.95, 0, false, 5));
        Bootstrap.Result b = r.bootstrap();
        assertEquals(0, b.failed());
        for (int i = 0; i < truth.length; i++) {
            assertTrue(b.lower()[i] <= r.estimates()[i] && r.estimates()[i] <= b.upper()[i]);
            assertTrue(b.lower()[i] < b.upper()[i]);
            assertTrue(b.stdError()[i] > 0);
        }
        // E and the exponents are well determined with 1% noise and 150 points: the truth should be inside.
        for (int i : new int[] {0, 3, 4}) {
            assertTrue(b.lower()[i] <= truth[i] && truth[i] <= b.upper()[i],
                    law.parameterNames().get(i) + " [" + b.lower()[i] + ", " + b.upper()[i] + "] misses " + truth[i]);
        }
    }

    @Test
    void quantileInterpolates() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(1, Bootstrap.quantile(v, 0));
        assertEquals(5, Bootstrap.quantile(v, 1));
        assertEquals(3, Bootstrap.quantile(v, 0.5));
        assertEquals(1.1, Bootstrap.quantile(v, 0.025), 1e-12);
    }

    @Test
    void holdoutAndLeaveOneOutMeasureNoise() {
        HuberFitter f = new HuberFitter();
        Validation h1 = CrossValidation.holdout(problem, f, 0.25, 3);
        Validation h2 = CrossValidation.holdout(problem, f, 0.25, 3);
        assertEquals(h1, h2, "the split is seeded");
        assertNotEquals(h1.rmseLog(), CrossValidation.holdout(problem, f, 0.25, 4).rmseLog());
        assertEquals(38, h1.testPoints());
        assertEquals(112, h1.trainPoints());
        // Noise is 1% on log L, so out-of-sample RMSE must be about 0.01: neither far below (leak) nor far above.
        assertTrue(h1.rmseLog() > 0.006 && h1.rmseLog() < 0.016, "holdout RMSE " + h1.rmseLog());
        Validation loo = CrossValidation.leaveOneOut(problem, f, f.fit(problem));
        assertEquals(150, loo.testPoints());
        assertEquals(0, loo.failedFits());
        assertTrue(loo.rmseLog() > 0.006 && loo.rmseLog() < 0.016, "LOO RMSE " + loo.rmseLog());
        assertTrue(loo.meanAbsPctError() > 0.3 && loo.meanAbsPctError() < 1.5, "LOO MAPE % " + loo.meanAbsPctError());
    }

    @Test
    void goodnessOfFitOnLogLoss() {
        FitResult r = LawFitter.fit(problem, new HuberFitter(), FitOptions.pointOnly());
        assertTrue(r.rmseLog() > 0.007 && r.rmseLog() < 0.013, "in-sample RMSE ~ noise: " + r.rmseLog());
        assertTrue(r.r2Log() > 0.9 && r.r2Log() < 1);
        assertTrue(r.bootstrap() == null && r.holdout() == null && r.loo() == null);
    }
}
