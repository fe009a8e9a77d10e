package io.exmy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.FitFile;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import io.exmy.fit.law.SunFpLaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.exmy.cli.FitCliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void publishedSunConstantsOverAGrid() throws Exception {
        var r = run("predict", "--law", "sun", "--published", "--set", "N=1e9,3e9", "--set", "D=1e11",
                "--set", "E=4", "--set", "M=3", "--set", "B=channel,128", "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode rows = JSON.readTree(r.out()).elements().next();
        assertEquals(4, rows.size());
        SunFpLaw law = new SunFpLaw();
        double expected = law.predict(law.preset("sun2025"), new double[] {1e9, 1e11, 4, 3, SunFpLaw.CHANNEL_B});
        assertEquals(expected, rows.get(0).get("loss").asDouble(), 1e-12);
        assertEquals(1e9, rows.get(1).get("N").asDouble());
        assertEquals(128, rows.get(1).get("B").asDouble(), "last --set varies fastest");
        assertEquals(3e9, rows.get(2).get("N").asDouble());
    }

    @Test
    void presetsAndConstantOverrides() throws Exception {
        var hoffmann = run("predict", "--law", "chinchilla", "--preset", "hoffmann2022", "--set", "N=70e9", "--set", "D=1.4e12", "--format", "csv");
        assertEquals(0, hoffmann.exit(), hoffmann.toString());
        assertTrue(hoffmann.out().startsWith("N,D,loss\n7e10,1.4e12,1.93"), hoffmann.out());
        var manual = run("predict", "--law", "chinchilla", "--const", "E=1", "--const", "A=0", "--const", "B=0",
                "--const", "alpha=1", "--const", "beta=1", "--set", "N=1e9", "--set", "D=1e9", "--format", "csv");
        assertEquals(0, manual.exit(), manual.toString());
        assertTrue(manual.out().contains("1e9,1e9,1\n"), manual.out());
    }

    @Test
    void savedFitAtTheRowsOfADataFileWithPlot() throws Exception {
        ChinchillaLaw law = new ChinchillaLaw();
        double[] c = law.preset("besiroglu2024");
        double[][] rows = new double[40][];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < rows.length; i++) {
            double n = 1e8 * (1 + i), d = 2e9 * (1 + (i * 7) % 40);
            rows[i] = new double[] {n, d, law.predict(c, new double[] {n, d}) * FitCliHarness.noise(rng, 0.003)};
        }
        Path data = FitCliHarness.csv(dir.resolve("d.csv"), "N,D,loss", rows);
        var fit = LawFitter.fit(FitProblem.of(law, io.exmy.fit.data.DataReader.read(data), false), new HuberFitter(), FitOptions.pointOnly());
        Path saved = dir.resolve("fit.json");
        FitFile.write(saved, fit);
        Path plots = dir.resolve("plots");
        var r = run("predict", "--fit", saved.toString(), data.toString(), "--plots", plots.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode table = JSON.readTree(r.out()).elements().next();
        assertEquals(40, table.size());
        double ratio = table.get(5).get("predicted/observed").asDouble();
        assertEquals(1, ratio, 0.02);
        FitCliHarness.assertPng(plots.resolve("observed_vs_predicted.png"));
    }

    @Test
    void kumarUnifiedPredictsTheLossAfterPostTrainingQuantization() throws Exception {
        var r = run("predict", "--law", "kumar-unified", "--published", "--const", "C_w=0.7", "--const", "C_a=0.5",
                "--const", "C_kv=0.3", "--set", "N=1e8", "--set", "D=1e10", "--set", "P_w=8", "--set", "P_a=8",
                "--set", "P_kv=8", "--set", "P_post=8,4,2", "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode rows = JSON.readTree(r.out()).elements().next();
        double kept = rows.get(0).get("loss").asDouble(), four = rows.get(1).get("loss").asDouble(),
                two = rows.get(2).get("loss").asDouble();
        var training = run("predict", "--law", "kumar", "--published", "--set", "N=1e8", "--set", "D=1e10",
                "--set", "P_w=8", "--set", "P_a=8", "--set", "P_kv=8", "--format", "json");
        assertEquals(JSON.readTree(training.out()).elements().next().get(0).get("loss").asDouble(), kept, 1e-12,
                "kept at its training precision: the training law's loss");
        assertTrue(kept < four && four < two, kept + " " + four + " " + two);
        var missing = run("predict", "--law", "kumar-unified", "--published", "--set", "N=1e8");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("give no value for [C_w, C_a, C_kv]"), missing.err());
    }

    @Test
    void errors() {
        var noConstants = run("predict", "--law", "kumar", "--set", "N=1e9");
        assertEquals(2, noConstants.exit());
        assertTrue(noConstants.err().contains("--published"), noConstants.err());

        var missingInput = run("predict", "--law", "sun", "--published", "--set", "N=1e9", "--set", "D=1e10");
        assertEquals(2, missingInput.exit());
        assertTrue(missingInput.err().contains("[E, M, B]"), missingInput.err());

        var badName = run("predict", "--law", "chinchilla", "--published", "--set", "N=1e9", "--set", "D=1e9", "--set", "Q=1");
        assertEquals(2, badName.exit());
        assertTrue(badName.err().contains("--set Q"), badName.err());

        var badNumber = run("predict", "--law", "chinchilla", "--published", "--set", "N=7B", "--set", "D=1e9");
        assertEquals(2, badNumber.exit());
        assertTrue(badNumber.err().contains("'7B'"), badNumber.err());

        var nothing = run("predict");
        assertEquals(2, nothing.exit());
        assertTrue(nothing.err().contains("--fit"), nothing.err());

        var both = run("predict", "--law", "sun", "--fit", "x.json", "--published");
        assertEquals(2, both.exit());

        var expr = run("predict", "--law", "expr");
        assertEquals(2, expr.exit());
        assertTrue(expr.err().contains("--fit"), expr.err());
    }
}
