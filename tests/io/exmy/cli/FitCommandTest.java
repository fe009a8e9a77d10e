package io.exmy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exmy.fit.FitFile;
import io.exmy.fit.law.SunFpLaw;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.exmy.cli.FitCliHarness.assertPng;
import static io.exmy.cli.FitCliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitCommandTest {
    static final Path EPOCH = Path.of("..", "shared", "data", "chinchilla_epoch_svg_extracted.csv");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void chinchillaOnEpochDataEndToEnd() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(EPOCH), "skipped: " + EPOCH.toAbsolutePath().normalize() + " is absent");
        Path fit = dir.resolve("chinchilla.json"), plots = dir.resolve("plots");
        var r = run("fit", "--law", "chinchilla", EPOCH.toString(), "--col", "N=Model Size",
                "--derive", "D=\"Training FLOP\"/(6*N)", "--drop-top", "5", "--bootstrap", "30", "--holdout", "0.2",
                "--seed", "7", "--format", "json", "--save", fit.toString(), "--plots", plots.toString());
        assertEquals(0, r.exit(), r.toString());
        JsonNode out = JSON.readTree(r.out());
        JsonNode constants = out.get("Constants");
        assertEquals("E", constants.get(0).get("constant").asText());
        assertEquals(1.817, constants.get(0).get("estimate").asDouble(), 0.02);
        assertEquals(0.3478, constants.get(3).get("estimate").asDouble(), 0.01);
        assertTrue(constants.get(0).get("95% low").asDouble() < 1.817 && 1.817 < constants.get(0).get("95% high").asDouble());
        assertTrue(r.out().contains("holdout"));

        FitFile.Loaded saved = FitFile.read(fit);
        assertEquals(1.817, saved.constants()[0], 0.02);
        assertPng(plots.resolve("observed_vs_predicted.png"));
        assertPng(plots.resolve("loss_vs_D.png"));
        try (var s = Files.list(plots)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void sunLawFromResultsStoreWithColumnMapping() throws Exception {
        // A results.jsonl as the harness will write it, format bits nested; mapped with --col.
        SunFpLaw law = new SunFpLaw();
        double[] c = law.preset("sun2025");
        SplittableRandom rng = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            int p = 3 + rng.nextInt(8), e = 1 + rng.nextInt(p - 1), m = p - 1 - e;
            double n = new double[] {4e7, 1e8, 3e8, 1e9, 3e9}[rng.nextInt(5)];
            double d = Math.exp(Math.log(1e9) + rng.nextDouble() * Math.log(1000));
            double b = new double[] {32, 64, 128, 256, SunFpLaw.CHANNEL_B}[rng.nextInt(5)];
            double loss = law.predict(c, new double[] {n, d, e, m, b}) * FitCliHarness.noise(rng, 0.002);
            sb.append(String.format(java.util.Locale.ROOT,
                    "{\"run\":\"r%d\",\"N\":%.17g,\"D\":%.17g,\"format\":{\"name\":\"E%dM%d\",\"E\":%d,\"M\":%d},\"B\":%.17g,\"loss\":%.17g}%n",
                    i, n, d, e, m, e, m, b, loss));
        }
        Path data = Files.writeString(dir.resolve("results.jsonl"), sb.toString());
        Path plots = dir.resolve("p"), fit = dir.resolve("sun.json");
        var r = run("fit", "--law", "sun", data.toString(), "--col", "E=format.E", "--col", "M=format.M",
                "--plots", plots.toString(), "--save", fit.toString(), "--format", "csv");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("# Fit\n"), r.out());
        assertEquals(0.5162, FitFile.read(fit).constants()[SunFpLaw.BETA], 0.01);
        assertPng(plots.resolve("observed_vs_predicted.png"));
        assertPng(plots.resolve("loss_vs_D.png"));
        assertPng(plots.resolve("em_split.png"));
    }

    @Test
    void userExpressionLaw() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            double n = Math.exp(Math.log(1e7) + rng.nextDouble() * Math.log(1000));
            double d = Math.exp(Math.log(1e9) + rng.nextDouble() * Math.log(1000));
            rows.add(new double[] {n, d, (1.69 + 406.4 / Math.pow(n, 0.34) + 410.7 / Math.pow(d, 0.28)) * FitCliHarness.noise(rng, 0.003)});
        }
        Path data = FitCliHarness.csv(dir.resolve("d.csv"), "params,tokens,val_loss", rows.toArray(new double[0][]));
        Path fit = dir.resolve("expr.json");
        var r = run("fit", "--law", "expr", data.toString(), "--target", "val_loss",
                "--expr", "E + A/params^alpha + B/tokens^beta", "--positive", "E,A,B",
                "--param", "alpha=0.2,0.5", "--param", "beta=0.2,0.5", "--save", fit.toString(), "--loo", "--method", "lsq");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("leave-one-out"), r.out());
        assertTrue(r.out().contains("least-squares"), r.out());
        FitFile.Loaded l = FitFile.read(fit);
        assertEquals(List.of("E", "A", "alpha", "B", "beta"), l.law().parameterNames());
        assertEquals(0.34, l.constants()[2], 0.02);
        assertEquals(1.69, l.constants()[0], 0.03);
    }

    @Test
    void errorsExitWithCodeTwoAndSayWhatToDo() throws Exception {
        Path data = FitCliHarness.csv(dir.resolve("small.csv"), "N,D,loss",
                new double[][] {{1e8, 1e9, 3.5}, {2e8, 2e9, 3.2}, {4e8, 4e9, 3.0}});
        var few = run("fit", "--law", "chinchilla", data.toString());
        assertEquals(2, few.exit(), few.toString());
        assertTrue(few.err().contains("too few points"), few.err());

        var missing = run("fit", "--law", "sun", data.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no column 'E'") && missing.err().contains("--col E="), missing.err());

        Path neg = FitCliHarness.csv(dir.resolve("neg.csv"), "N,D,loss", new double[][] {
                {1e8, 1e9, 3.5}, {2e8, 2e9, 3.2}, {4e8, 4e9, 3.0}, {8e8, 8e9, 2.9}, {1.6e9, 1.6e10, 2.8}, {3e9, 3e10, -2.7}, {6e9, 6e10, 2.6}});
        var nonPositive = run("fit", "--law", "chinchilla", neg.toString());
        assertEquals(2, nonPositive.exit());
        assertTrue(nonPositive.err().contains("row 6") && nonPositive.err().contains("must be > 0"), nonPositive.err());

        var unknown = run("fit", "--law", "gpt4", data.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown law 'gpt4'"), unknown.err());

        var noExpr = run("fit", "--law", "expr", data.toString());
        assertEquals(2, noExpr.exit());
        assertTrue(noExpr.err().contains("--expr"), noExpr.err());

        var noFile = run("fit", "--law", "chinchilla", dir.resolve("nope.csv").toString());
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().contains("does not exist"), noFile.err());

        var byWithout = run("fit", "--law", "chinchilla", neg.toString(), "--bootstrap-by", "N");
        assertEquals(2, byWithout.exit());
        assertTrue(byWithout.err().contains("--bootstrap-by needs --bootstrap K"), byWithout.err());
        var strataWithout = run("fit", "--law", "chinchilla", neg.toString(), "--bootstrap", "20", "--bootstrap-strata", "N");
        assertEquals(2, strataWithout.exit());
        assertTrue(strataWithout.err().contains("--bootstrap-strata needs --bootstrap-by"), strataWithout.err());
        var noColumn = run("fit", "--law", "chinchilla", neg.toString(), "--drop-nonpositive", "--bootstrap", "20",
                "--bootstrap-by", "seed");
        assertEquals(2, noColumn.exit());
        assertTrue(noColumn.err().contains("--bootstrap-by seed: the data have no column 'seed'"), noColumn.err());
    }

    @Test
    void nonConvergenceIsAnErrorAndSavesNothing() throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new double[] {1e8 * (1 + i), 1e9 * (30 - i), 2.0});
        }
        Path data = FitCliHarness.csv(dir.resolve("flat.csv"), "N,D,loss", rows.toArray(new double[0][]));
        Path fit = dir.resolve("flat.json");
        var r = run("fit", "--law", "chinchilla", data.toString(), "--save", fit.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("did not converge") && r.err().contains("bound"), r.err());
        assertFalse(Files.exists(fit));
    }
}
