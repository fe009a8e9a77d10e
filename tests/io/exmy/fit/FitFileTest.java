package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.law.ExpressionLaw;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitFileTest {
    @TempDir
    Path dir;

    @Test
    void builtInLawRoundTrips() throws Exception {
        SunFpLaw law = new SunFpLaw();
        Dataset d = Synthetic.sun(law.preset("sun2025"), 200, 0.003, 2);
        FitResult r = LawFitter.fit(FitProblem.of(law, d, false), new HuberFitter(), new FitOptions(10, 0.9, 0.2, false, 3));
        Path f = dir.resolve("sub/fit.json");
        FitFile.write(f, r);
        FitFile.Loaded l = FitFile.read(f);
        assertEquals("sun", l.law().id());
        assertArrayEquals(r.estimates(), l.constants());
        JsonNode j = new ObjectMapper().readTree(Files.readString(f));
        assertEquals(200, j.get("points").asInt());
        assertEquals(2, j.at("/bootstrap/intervals/alpha").size());
        assertTrue(j.at("/holdout/rmse_log").isNumber());
        try (var s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList(), "no temporary files left behind");
        }
    }

    @Test
    void expressionLawRoundTrips() throws Exception {
        Dataset d = Synthetic.chinchilla(new ChinchillaLaw().preset("hoffmann2022"), 60, 0.005, 2);
        Law law = ExpressionLaw.forColumns("E + A/N^alpha + B/D^beta", "loss", d.numericColumns(), List.of("E", "A", "B"),
                Map.of("alpha", new double[] {0.3}));
        FitResult r = LawFitter.fit(FitProblem.of(law, d, false), new HuberFitter(), FitOptions.pointOnly());
        Path f = dir.resolve("expr.json");
        FitFile.write(f, r);
        FitFile.Loaded l = FitFile.read(f);
        assertEquals("loss = E + A/N^alpha + B/D^beta", l.law().formula());
        double[] at = {1e9, 2e10};
        assertEquals(law.predict(r.estimates(), at), l.law().predict(l.constants(), at), 1e-12);
        assertEquals(law.parameters().get(1).positive(), l.law().parameters().get(1).positive());
    }

    /** As docs/figures/kumar-qat/fit.json was saved, before App. K's offsets: Eq. 1, beta free. */
    @Test
    void aKumarFitSavedBeforeTheOffsetsIsReadAsEquationOne() throws Exception {
        Path f = dir.resolve("old-kumar.json");
        Files.writeString(f, """
                {"exmy_fit_version": 1, "law": "kumar",
                 "options": {"mode": "training", "pinned": {"E": 1.0, "gamma_a": 1.0, "gamma_kv": 1.0}},
                 "constants": {"A": 2.25, "alpha": 0.045, "B": 6.0e8, "beta": 1.82, "gamma_w": 1.40},
                 "converged": true}
                """);
        FitFile.Loaded l = FitFile.read(f);
        double[] full = Laws.fullConstants(l.law(), l.constants());
        assertArrayEquals(new double[] {2.25, 0.045, 6.0e8, 1.82, 1.0, 1.40, 1.0, 1.0, 0, 0, 0}, full);
        double[] row = {1e5, 3e5, 3, 32, 32};
        double neff = 1e5 * -Math.expm1(-3 / 1.40) * -Math.expm1(-32.0) * -Math.expm1(-32.0);
        assertEquals(2.25 / Math.pow(neff, 0.045) + 6.0e8 / Math.pow(3e5, 1.82) + 1.0, l.law().predict(l.constants(), row), 1e-9);
    }

    @Test
    void badFilesAreExplained() throws Exception {
        assertTrue(assertThrows(FitException.class, () -> FitFile.read(dir.resolve("none.json"))).getMessage().contains("does not exist"));
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"hello\": 1}");
        assertTrue(assertThrows(FitException.class, () -> FitFile.read(f)).getMessage().contains("not an exmy fit"));
        Files.writeString(f, "{\"law\": \"chinchilla\", \"constants\": {\"E\": 1.7}}");
        assertTrue(assertThrows(FitException.class, () -> FitFile.read(f)).getMessage().contains("lacks constants"));
        Files.writeString(f, "not json");
        assertTrue(assertThrows(FitException.class, () -> FitFile.read(f)).getMessage().contains("not valid JSON"));
    }
}
