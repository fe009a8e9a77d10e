package io.exmy.fit.law;

import io.exmy.fit.Derivations;
import io.exmy.fit.FitFile;
import io.exmy.fit.Synthetic;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Constants held fixed: the others are fitted, and predictions, derivations and saved fits see the whole law. */
class PinnedLawTest {
    private final SunFpLaw sun = new SunFpLaw();
    private final double[] truth = sun.preset("sun2025");

    private static int index(Law law, String name) {
        return law.parameterNames().indexOf(name);
    }

    @Test
    void fitsTheFreeConstantsWithTheOthersHeld() {
        Dataset data = Synthetic.sun(truth, 300, 0.002, 5);
        PinnedLaw law = new PinnedLaw(sun, PinnedLaw.parse(sun, List.of("delta", "nu=2.9543")));
        assertEquals(sun.parameterCount() - 2, law.parameterCount());
        assertTrue(!law.parameterNames().contains("delta") && !law.parameterNames().contains("nu"));
        FitResult r = LawFitter.fit(FitProblem.of(law, data, false), new HuberFitter(), FitOptions.pointOnly());
        assertTrue(r.converged(), r.convergenceNote());
        double[] full = law.expand(r.estimates());
        assertEquals(truth[index(sun, "delta")], full[index(sun, "delta")], 0);
        assertEquals(2.9543, full[index(sun, "nu")], 0);
        // gamma is only identifiable jointly with delta and nu; with them held at the truth it comes back close.
        int g = index(sun, "gamma");
        assertEquals(truth[g], full[g], 0.15 * truth[g]);
    }

    @Test
    void predictsLikeTheBaseLawWithTheFullConstants() {
        PinnedLaw law = new PinnedLaw(sun, Map.of("eps", truth[index(sun, "eps")]));
        double[] free = law.preset("sun2025");
        double[] row = {1e8, 1e10, 4, 3, 32};
        assertEquals(sun.predict(truth, row), law.predict(free, row), 1e-12);
        assertArrayEquals(truth, law.expand(free));
    }

    @Test
    void derivationsUseTheWholeLaw() {
        PinnedLaw law = new PinnedLaw(sun, PinnedLaw.parse(sun, List.of("delta", "nu")));
        Derivations pinned = new Derivations(law, law.preset("sun2025"));
        Derivations plain = new Derivations(sun, truth);
        for (int bits = 4; bits <= 8; bits++) {
            assertEquals(plain.bestSplit(bits), pinned.bestSplit(bits));
        }
    }

    @Test
    void savedFitsRebuildThePinnedLaw(@TempDir Path dir) throws Exception {
        PinnedLaw law = new PinnedLaw(sun, PinnedLaw.parse(sun, List.of("delta", "nu")));
        FitResult r = LawFitter.fit(FitProblem.of(law, Synthetic.sun(truth, 200, 0.002, 9), false), new HuberFitter(),
                FitOptions.pointOnly());
        Path file = dir.resolve("fit.json");
        FitFile.write(file, r);
        FitFile.Loaded back = FitFile.read(file);
        PinnedLaw again = assertInstanceOf(PinnedLaw.class, back.law());
        assertEquals(law.pinned(), again.pinned());
        assertArrayEquals(r.estimates(), back.constants());
    }

    @Test
    void badPinsSayWhatIsWrong() {
        FitException unknown = assertThrows(FitException.class, () -> PinnedLaw.parse(sun, List.of("kappa=1")));
        assertTrue(unknown.getMessage().contains("cannot hold 'kappa' fixed"), unknown.getMessage());
        FitException nan = assertThrows(FitException.class, () -> PinnedLaw.parse(sun, List.of("delta=abc")));
        assertTrue(nan.getMessage().contains("not a number"), nan.getMessage());
        FitException negative = assertThrows(FitException.class, () -> new PinnedLaw(sun, Map.of("gamma", -1.0)));
        assertTrue(negative.getMessage().contains("positive"), negative.getMessage());
        ChinchillaLaw c = new ChinchillaLaw();
        FitException all = assertThrows(FitException.class,
                () -> new PinnedLaw(c, PinnedLaw.parse(c, c.parameterNames())));
        assertTrue(all.getMessage().contains("nothing to fit"), all.getMessage());
    }
}
