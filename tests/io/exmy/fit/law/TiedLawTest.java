package io.exmy.fit.law;

import io.exmy.fit.FitFile;
import io.exmy.fit.FitTables;
import io.exmy.fit.Synthetic;
import io.exmy.fit.Table;
import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kumar et al.'s App. K fit ties beta to alpha: fits keep the tie unless untied, and saved fits rebuild it. */
class TiedLawTest {
    private final KumarTrainingLaw kumar = new KumarTrainingLaw();
    private final double[] truth = kumar.preset("kumar2024");

    @Test
    void aFitKeepsThePublishedTieUnlessUntied() {
        Law tied = Laws.forFit(kumar, List.of(), List.of());
        assertFalse(tied.parameterNames().contains("beta"));
        assertEquals(kumar.parameterCount() - 1, tied.parameterCount());
        assertTrue(tied.formula().endsWith("[tied: beta = alpha]"), tied.formula());
        assertEquals(kumar, Laws.forFit(kumar, List.of("beta"), List.of()), "untied: the law itself");
        assertTrue(assertThrows(FitException.class, () -> Laws.forFit(kumar, List.of("alpha"), List.of()))
                .getMessage().contains("ties only [beta]"));
        ChinchillaLaw c = new ChinchillaLaw();
        assertEquals(c, Laws.forFit(c, List.of(), List.of()), "a law that ties nothing");
    }

    @Test
    void theTiedConstantFollowsItsPartner() {
        Law tied = Laws.forFit(kumar, List.of(), List.of());
        double[] free = tied.preset("kumar2024");
        double[] full = Laws.fullConstants(tied, free);
        assertArrayEquals(truth, full);
        double[] row = {1e8, 3e9, 4, 8, 8};
        assertEquals(kumar.predict(truth, row), tied.predict(free, row), 1e-12);
        // moving alpha moves beta with it
        free[1] = 0.3;
        double[] moved = Laws.fullConstants(tied, free);
        assertEquals(0.3, moved[1]);
        assertEquals(0.3, moved[3]);
    }

    @Test
    void heldConstantsComposeWithTheTie() {
        Law law = Laws.forFit(kumar, List.of(), List.of("n_w=0", "alpha=0.45"));
        assertInstanceOf(PinnedLaw.class, law);
        assertEquals(Laws.base(law), kumar);
        double[] full = Laws.fullConstants(law, law.preset("kumar2024"));
        assertEquals(0.45, full[1]);
        assertEquals(0.45, full[3], "beta follows the held alpha");
        assertEquals(0, full[8]);
    }

    @Test
    void anUntiedFitFindsBetaApartFromAlphaWhenTheDataSaySo() {
        double[] other = truth.clone();
        other[3] = 0.40; // beta != alpha in the data
        Dataset data = Synthetic.kumar(other, 400, 0.001, 2);
        FitResult untied = LawFitter.fit(FitProblem.of(Laws.forFit(kumar, List.of("beta"), List.of()), data, false),
                new HuberFitter(), FitOptions.pointOnly());
        assertTrue(untied.converged(), untied.convergenceNote());
        assertEquals(0.40, untied.estimate("beta"), 0.01);
        assertEquals(0.4965, untied.estimate("alpha"), 0.01);
        FitResult tied = LawFitter.fit(FitProblem.of(Laws.forFit(kumar, List.of(), List.of()), data, false),
                new HuberFitter(), FitOptions.pointOnly());
        assertTrue(tied.objective() > 2 * untied.objective(), "one exponent for both cannot fit these data as well");
    }

    @Test
    void savedFitsRebuildTheTie(@TempDir Path dir) throws Exception {
        Law law = Laws.forFit(kumar, List.of(), List.of("gamma_kv", "n_kv"));
        FitResult r = LawFitter.fit(FitProblem.of(law, Synthetic.kumar(truth, 300, 0.001, 4), false), new HuberFitter(),
                FitOptions.pointOnly());
        Path file = dir.resolve("kumar.json");
        FitFile.write(file, r);
        FitFile.Loaded back = FitFile.read(file);
        PinnedLaw pinned = assertInstanceOf(PinnedLaw.class, back.law());
        TiedLaw tied = assertInstanceOf(TiedLaw.class, pinned.base());
        assertEquals(Map.of("beta", "alpha"), tied.tied());
        assertArrayEquals(r.estimates(), back.constants());
        assertArrayEquals(Laws.fullConstants(law, r.estimates()), Laws.fullConstants(back.law(), back.constants()));
        Table t = FitTables.constants(back.law(), back.constants(), "fit");
        List<Object> beta = t.rows().get(3);
        assertEquals("beta", beta.get(0));
        assertEquals("tied to alpha in the fit", beta.get(3));
        assertEquals("held fixed in the fit", t.rows().get(10).get(3));
    }

    @Test
    void tiesThatCannotHold() {
        assertThrows(FitException.class, () -> new TiedLaw(kumar, Map.of("beta", "zeta")));
        assertThrows(FitException.class, () -> new TiedLaw(kumar, Map.of("beta", "A")), "log-scale to linear");
        assertThrows(FitException.class, () -> new TiedLaw(kumar, Map.of("beta", "alpha", "alpha", "n_w")));
    }
}
