package io.exmy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exmy.fit.FitFile;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import io.exmy.fit.law.SunFpLaw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.exmy.cli.FitCliHarness.assertPng;
import static io.exmy.cli.FitCliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeriveCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<Integer, String> formats(String jsonOut) throws Exception {
        JsonNode split = JSON.readTree(jsonOut).elements().next();
        Map<Integer, String> m = new HashMap<>();
        split.forEach(row -> m.put(row.get("bits").asInt(), row.get("format").asText()));
        return m;
    }

    @Test
    void publishedSunConstantsGiveE2M1E4M3E8M7() throws Exception {
        var r = run("derive", "--law", "sun", "--published", "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        Map<Integer, String> f = formats(r.out());
        assertEquals(15, f.size(), "default bit widths 2-16");
        assertEquals("E2M1", f.get(4));
        assertEquals("E4M3", f.get(8));
        assertEquals("E8M7", f.get(16));
        var md = run("derive", "--law", "sun", "--published", "--bits", "4,8,16");
        assertTrue(md.out().contains("| 4    | E2M1") && md.out().contains("| 8    | E4M3") && md.out().contains("| 16   | E8M7"), md.out());
    }

    @Test
    void criticalDataComputeOptimumAndPlots() throws Exception {
        Path plots = dir.resolve("plots");
        var r = run("derive", "--law", "sun", "--published", "--bits", "4,8", "--N", "1e9", "--B", "channel",
                "--compute", "1e21", "--plots", plots.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode out = JSON.readTree(r.out());
        JsonNode crit = out.get("Critical data size (B = channel-wise, log2 B = 13.1567)");
        assertEquals(2, crit.size());
        assertEquals("E2M1", crit.get(0).get("format").asText());
        assertEquals(2.132e11, crit.get(0).get("D_crit").asDouble(), 0.005e11);
        JsonNode cont = out.get("Compute-optimal precision (continuous bits)").get(0);
        double bits = cont.get("bits").asDouble();
        assertTrue(bits > 4 && bits < 8, "compute-optimal bits " + bits);
        assertPng(plots.resolve("em_split.png"));
        assertPng(plots.resolve("compute_optimal_C1e21.png"));

        var given = run("derive", "--law", "sun", "--published", "--N", "1e9", "--E", "4", "--M", "3", "--B", "128", "--format", "csv");
        assertEquals(0, given.exit(), given.toString());
        assertTrue(given.out().contains("\n1e9,E4M3,"), given.out());
    }

    @Test
    void fromAFittedSunLaw() throws Exception {
        SunFpLaw law = new SunFpLaw();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        double[][] rows = new double[300][];
        for (int i = 0; i < rows.length; i++) {
            int p = 3 + rng.nextInt(8), e = 1 + rng.nextInt(p - 1);
            double[] x = {new double[] {4e7, 1e8, 3e8, 1e9, 3e9}[rng.nextInt(5)], Math.exp(Math.log(1e9) + rng.nextDouble() * Math.log(1000)),
                    e, p - 1 - e, new double[] {32, 128, SunFpLaw.CHANNEL_B}[rng.nextInt(3)]};
            rows[i] = new double[] {x[0], x[1], x[2], x[3], x[4], law.predict(law.preset("sun2025"), x) * FitCliHarness.noise(rng, 0.002)};
        }
        Path data = FitCliHarness.csv(dir.resolve("sun.csv"), "N,D,E,M,B,loss", rows);
        FitResult fit = LawFitter.fit(FitProblem.of(law, io.exmy.fit.data.DataReader.read(data), false), new HuberFitter(), FitOptions.pointOnly());
        Path saved = dir.resolve("sun.json");
        FitFile.write(saved, fit);
        var r = run("derive", "--fit", saved.toString(), "--bits", "4,8,16", "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        Map<Integer, String> f = formats(r.out());
        assertEquals(Map.of(4, "E2M1", 8, "E4M3", 16, "E8M7"), f);
    }

    @Test
    void kumarComputeOptimalPrecision() throws Exception {
        var r = run("derive", "--law", "kumar", "--published", "--compute", "1e20,1e23", "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode cont = JSON.readTree(r.out()).get("Compute-optimal precision (continuous bits)");
        assertEquals(2, cont.size());
        assertEquals(cont.get(0).get("bits").asDouble(), cont.get(1).get("bits").asDouble(), 1e-3);
        // App. K's constants with their offsets: 7.00 bits at every budget (docs/FITTING.md derives why)
        assertEquals(7.00, cont.get(0).get("bits").asDouble(), 0.01);
        // ... and the constants it used, the App. K ones, beta tied to alpha and the three offsets
        JsonNode constants = JSON.readTree(r.out()).get("Constants (kumar, published constants 'kumar2024')");
        Map<String, JsonNode> byName = new HashMap<>();
        constants.forEach(row -> byName.put(row.get("constant").asText(), row));
        assertEquals(0.4965, byName.get("beta").get("value").asDouble());
        assertEquals("= alpha (tied in the published fit)", byName.get("beta").get("note").asText());
        assertEquals(0.4965, byName.get("alpha").get("value").asDouble());
        assertEquals(0.3037, byName.get("n_w").get("value").asDouble());
        assertEquals(1.4072, byName.get("n_a").get("value").asDouble());
        assertEquals(2.4185, byName.get("n_kv").get("value").asDouble());
        var md = run("derive", "--law", "kumar", "--published", "--compute", "1e21");
        assertTrue(md.out().contains("none at or below 3.11 bits"), md.out());
    }

    @Test
    void kumarUnifiedNeedsTheConstantsTheAppendixDoesNotGive() throws Exception {
        var missing = run("derive", "--law", "kumar-unified", "--published", "--compute", "1e21");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("[C_w, C_a, C_kv]") && missing.err().contains("--const"), missing.err());
        var r = run("derive", "--law", "kumar-unified", "--published", "--const", "C_w=1", "--const", "C_a=1",
                "--const", "C_kv=1", "--compute", "1e21", "--format", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode cont = JSON.readTree(r.out()).get("Compute-optimal precision (continuous bits)");
        assertEquals(7.00, cont.get(0).get("bits").asDouble(), 0.01, "without post-training quantization: kumar's optimum");
    }

    @Test
    void errors() {
        var kumarSplit = run("derive", "--law", "kumar", "--published", "--bits", "8");
        assertEquals(2, kumarSplit.exit());
        assertTrue(kumarSplit.err().contains("--law sun"), kumarSplit.err());
        var kumarNothing = run("derive", "--law", "kumar", "--published");
        assertEquals(2, kumarNothing.exit());
        assertTrue(kumarNothing.err().contains("--compute"), kumarNothing.err());
        var chinchilla = run("derive", "--law", "chinchilla", "--published", "--compute", "1e21");
        assertEquals(2, chinchilla.exit());
        assertTrue(chinchilla.err().contains("precision-aware"), chinchilla.err());
        var badBits = run("derive", "--law", "sun", "--published", "--bits", "1");
        assertEquals(2, badBits.exit());
        var onlyE = run("derive", "--law", "sun", "--published", "--N", "1e9", "--E", "4");
        assertEquals(2, onlyE.exit());
        assertTrue(onlyE.err().contains("--E and --M together"), onlyE.err());
        var badB = run("derive", "--law", "sun", "--published", "--N", "1e9", "--B", "rowwise");
        assertEquals(2, badB.exit());
        assertTrue(badB.err().contains("'channel'"), badB.err());
    }
}
