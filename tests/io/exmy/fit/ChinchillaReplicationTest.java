package io.exmy.fit;

import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.DataRecipe;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.solve.Bootstrap;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real data: the 245 points Epoch AI extracted from the Chinchilla paper. With the five
 * highest-loss points dropped, Besiroglu et al. (2024) fit E = 1.817, A = 482.0, B = 2085.4,
 * alpha = 0.3478, beta = 0.3659 with Hoffmann's objective. Ours must land within E +-0.02,
 * alpha +-0.01, beta +-0.015 and A, B +-15%, with bootstrap intervals.
 */
class ChinchillaReplicationTest {
    /** CI clones the repository next to a {@code shared} folder; tests run from the repository root. */
    static final Path DATA = Path.of("..", "shared", "data", "chinchilla_epoch_svg_extracted.csv");

    private static FitResult result;

    static Dataset epochData() {
        Assumptions.assumeTrue(Files.isRegularFile(DATA),
                "skipped: " + DATA.toAbsolutePath().normalize() + " is absent (the shared data folder lies next to the repository in CI)");
        return DataRecipe.preset("chinchilla-epoch").apply(DataReader.read(DATA), "loss");
    }

    @BeforeAll
    static void fit() {
        if (!Files.isRegularFile(DATA)) {
            return;
        }
        FitProblem p = FitProblem.of(new ChinchillaLaw(), epochData(), false);
        result = LawFitter.fit(p, new HuberFitter(), new FitOptions(100, 0.95, 0, false, 1));
    }

    @Test
    void dataAsPublished() {
        Dataset raw = DataReaderTestSupport.assumeData(DATA);
        assertEquals(245, raw.size());
        Dataset d = epochData();
        assertEquals(240, d.size());
        assertTrue(d.notes().stream().anyMatch(n -> n.contains("dropped the 5")));
        // D = C / (6N): check one row against the raw file.
        double n0 = raw.numeric("Model Size")[0], c0 = raw.numeric("Training FLOP")[0];
        double[] dCol = DataRecipe.preset("chinchilla-epoch").dropTop(0).apply(raw, "loss").numeric("D");
        assertEquals(c0 / (6 * n0), dCol[0], 1e-6 * dCol[0]);
    }

    @Test
    void constantsMatchBesiroglu() {
        Assumptions.assumeTrue(result != null, "skipped: Chinchilla data absent");
        assertTrue(result.converged(), result.convergenceNote());
        assertEquals(240, result.points());
        assertEquals(1.817, result.estimate("E"), 0.02);
        assertEquals(0.3478, result.estimate("alpha"), 0.01);
        assertEquals(0.3659, result.estimate("beta"), 0.015);
        assertEquals(482.0, result.estimate("A"), 0.15 * 482.0);
        assertEquals(2085.4, result.estimate("B"), 0.15 * 2085.4);
        assertTrue(result.r2Log() > 0.99, "R^2 " + result.r2Log());
        assertTrue(result.rmseLog() < 0.01, "RMSE " + result.rmseLog());
    }

    @Test
    void ourOptimumIsAtLeastAsGoodAsThePublishedOne() {
        Assumptions.assumeTrue(result != null, "skipped: Chinchilla data absent");
        FitProblem p = FitProblem.of(new ChinchillaLaw(), epochData(), false);
        double published = p.huber(new ChinchillaLaw().toFit(new ChinchillaLaw().preset("besiroglu2024")), 1e-3);
        assertTrue(result.objective() <= published, result.objective() + " > " + published);
    }

    @Test
    void bootstrapIntervalsArePlausible() {
        Assumptions.assumeTrue(result != null, "skipped: Chinchilla data absent");
        Bootstrap.Result b = result.bootstrap();
        assertEquals(100, b.replicates());
        assertTrue(b.failed() <= 5, "failed replicates " + b.failed());
        String[] names = {"E", "A", "B", "alpha", "beta"};
        double[] published = new ChinchillaLaw().preset("besiroglu2024");
        for (int i = 0; i < names.length; i++) {
            double est = result.estimates()[i];
            assertTrue(b.lower()[i] < est && est < b.upper()[i], names[i] + " estimate outside its interval");
            assertTrue(b.lower()[i] < published[i] && published[i] < b.upper()[i], names[i] + ": published value outside our 95% interval");
        }
        // Besiroglu et al. report standard errors 0.03 (E), 0.02 (alpha, beta); ours should be of that order.
        assertEquals(0.03, b.stdError()[0], 0.015);
        assertEquals(0.02, b.stdError()[3], 0.01);
        assertEquals(0.02, b.stdError()[4], 0.01);
    }
}
