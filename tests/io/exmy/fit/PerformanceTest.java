package io.exmy.fit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fitting 1,000 points to any law, grid of initialisations included, must take under 5 s on two
 * cores. Each fit is timed cold (no warm-up: that is what a user waits for) and alone, without
 * data generation. On an idle 2-core machine these take 0.2-1.5 s, leaving margin for a loaded CI host.
 */
class PerformanceTest {
    private static final double LIMIT_SECONDS = 5;

    private static void timed(String name, Law law, Dataset data) {
        FitProblem p = FitProblem.of(law, data, false);
        long t0 = System.nanoTime();
        FitResult r = LawFitter.fit(p, new HuberFitter(), FitOptions.pointOnly());
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("performance: %-10s 1000 points, grid %5d, %.2f s%n", name, r.gridSize(), s);
        assertTrue(r.converged(), name + ": " + r.convergenceNote());
        assertTrue(s < LIMIT_SECONDS, name + " took " + s + " s for 1000 points (limit " + LIMIT_SECONDS + " s)");
    }

    @Test
    void chinchilla() {
        ChinchillaLaw law = new ChinchillaLaw();
        timed("chinchilla", law, Synthetic.chinchilla(law.preset("besiroglu2024"), 1000, 0.005, 11));
    }

    @Test
    void sun() {
        SunFpLaw law = new SunFpLaw();
        timed("sun", law, Synthetic.sun(law.preset("sun2025"), 1000, 0.003, 11));
    }

    @Test
    void kumar() {
        Law law = new KumarPrecisionLaw(KumarPrecisionLaw.Mode.TRAINING);
        timed("kumar", law, Synthetic.kumar(law.preset("kumar2024"), 1000, 0.002, 11));
    }

    @Test
    void kumarPtq() {
        Law law = new KumarPrecisionLaw(KumarPrecisionLaw.Mode.PTQ);
        timed("kumar-ptq", law, Synthetic.kumarPtq(law.preset("kumar2024"), 1000, 0.02, 11));
    }

    @Test
    void ouyang() {
        Law law = new OuyangQidLaw();
        timed("ouyang", law, Synthetic.ouyang(law.preset("ouyang2024"), 1000, 0.02, 11));
    }

    @Test
    void expression() {
        Dataset d = Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 1000, 0.005, 11);
        timed("expr", ExpressionLaw.forColumns("E + A/N^alpha + B/D^beta", "loss", d.numericColumns(),
                List.of("E", "A", "B"), Map.of()), d);
    }
}
