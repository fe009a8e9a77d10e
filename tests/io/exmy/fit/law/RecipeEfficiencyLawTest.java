package io.exmy.fit.law;

import io.exmy.fit.FitFile;
import io.exmy.fit.Synthetic;
import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.Identification;
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

/** A law over a categorical column: one pair of efficiencies per recipe, the recipes taken from the data. */
class RecipeEfficiencyLawTest {
    private final double[] truth = Synthetic.recipeTruth();
    private final RecipeEfficiencyLaw law = new RecipeEfficiencyLaw(Synthetic.RECIPES);

    @Test
    void isChinchillaWithTheRecipesEfficienciesOnNAndD() {
        double[] c = new ChinchillaLaw().preset("besiroglu2024");
        ChinchillaLaw chinchilla = new ChinchillaLaw();
        // smaller: eff_N 0.8, eff_D 1; lossy: eff_N 0.9, eff_D 0.6
        assertEquals(chinchilla.predict(c, new double[] {0.8e9, 2e10}), law.predict(truth, new double[] {1e9, 2e10, 1}), 1e-12);
        assertEquals(chinchilla.predict(c, new double[] {0.9e9, 1.2e10}), law.predict(truth, new double[] {1e9, 2e10, 2}), 1e-12);
        assertEquals(chinchilla.predict(c, new double[] {1e9, 2e10}), law.predict(truth, new double[] {1e9, 2e10, 0}), 1e-12);
        assertTrue(Double.isNaN(law.predict(truth, new double[] {1e9, 2e10, 3})), "no such recipe: no prediction");
    }

    @Test
    void takesItsRecipesFromTheData() {
        Dataset d = Synthetic.recipes(truth, 50, 0.005, 1);
        Law fromData = new RecipeEfficiencyLaw(List.of()).forData(d);
        assertEquals(Synthetic.RECIPES.size(), ((RecipeEfficiencyLaw) fromData).levels().size());
        assertTrue(((RecipeEfficiencyLaw) fromData).levels().containsAll(Synthetic.RECIPES));
        assertEquals(5 + 2 * 3, fromData.parameterCount());
        assertTrue(fromData.parameterNames().contains("eff_D.lossy"));
        assertTrue(assertThrows(FitException.class, () -> new RecipeEfficiencyLaw(List.of())
                .forData(new Dataset("x", 1, Map.of("N", new double[] {1}), Map.of(), List.of()))).getMessage()
                .contains("no column 'recipe'"));
    }

    @Test
    void aRecipeTheLawDoesNotKnowIsAnError() {
        Dataset d = Synthetic.recipes(truth, 20, 0.005, 1);
        RecipeEfficiencyLaw two = new RecipeEfficiencyLaw(List.of("reference", "smaller"));
        FitException e = assertThrows(FitException.class, () -> FitProblem.of(two, d, false));
        assertTrue(e.getMessage().contains("'lossy' is not one of the law's [reference, smaller]"), e.getMessage());
    }

    @Test
    void withoutAReferenceHeldTheEfficienciesAreNotIdentified() {
        // Every eff_N scaled by c is A scaled by c^-alpha: nothing in the data fixes c.
        Dataset d = Synthetic.recipes(truth, 200, 0.005, 2);
        FitResult free = LawFitter.fit(FitProblem.of(law, d, false), new HuberFitter(), new FitOptions(30, 0.95, 0, false, 1));
        if (free.converged()) {
            assertFalse(Identification.of(law, free.bootstrap()).identified(),
                    Identification.of(law, free.bootstrap()).summary());
        }
        Law held = Laws.forFit(law, List.of(), List.of("eff_N.reference=1", "eff_D.reference=1"));
        FitResult r = LawFitter.fit(FitProblem.of(held, d, false), new HuberFitter(), new FitOptions(30, 0.95, 0, false, 1));
        assertTrue(r.converged(), r.convergenceNote());
        assertTrue(Identification.of(held, r.bootstrap()).identified(), Identification.of(held, r.bootstrap()).summary());
    }

    @Test
    void theChinchillaConstantsOfAReferenceFitCanBeHeld(@TempDir Path dir) throws Exception {
        Dataset d = Synthetic.recipes(truth, 300, 0.005, 3);
        Dataset reference = d.where(RecipeEfficiencyLaw.COLUMN, "reference");
        FitResult ref = LawFitter.fit(FitProblem.of(new ChinchillaLaw(), reference, false), new HuberFitter(),
                FitOptions.pointOnly());
        Path saved = dir.resolve("reference.json");
        FitFile.write(saved, ref);
        List<String> held = FitFile.sharedConstants(FitFile.read(saved), law);
        assertEquals(List.of("E", "A", "B", "alpha", "beta"), held.stream().map(s -> s.substring(0, s.indexOf('='))).toList());
        Law l = Laws.forFit(law, List.of(), held);
        FitResult r = LawFitter.fit(FitProblem.of(l, d, false), new HuberFitter(), FitOptions.pointOnly());
        assertTrue(r.converged(), r.convergenceNote());
        double[] full = Laws.fullConstants(l, r.estimates());
        assertArrayEquals(ref.estimates(), java.util.Arrays.copyOf(full, 5), "held exactly");
        // the reference's own efficiencies, fitted to the rows its constants came from: 1 up to the noise
        assertEquals(1, r.estimate("eff_N.reference"), 0.02);
        assertEquals(1, r.estimate("eff_D.reference"), 0.05);
        assertTrue(assertThrows(FitException.class, () -> FitFile.sharedConstants(FitFile.read(saved), new KumarPtqLaw()))
                .getMessage().contains("shares no constant"));
    }

    @Test
    void savedFitsKeepTheRecipes(@TempDir Path dir) throws Exception {
        Law held = Laws.forFit(law, List.of(), Synthetic.heldFor(RecipeEfficiencyLaw.ID));
        FitResult r = LawFitter.fit(FitProblem.of(held, Synthetic.recipes(truth, 150, 0.005, 4), false), new HuberFitter(),
                FitOptions.pointOnly());
        Path f = dir.resolve("eff.json");
        FitFile.write(f, r);
        FitFile.Loaded back = FitFile.read(f);
        RecipeEfficiencyLaw base = assertInstanceOf(RecipeEfficiencyLaw.class, Laws.base(back.law()));
        assertEquals(Synthetic.RECIPES, base.levels());
        assertArrayEquals(r.estimates(), back.constants());
    }
}
