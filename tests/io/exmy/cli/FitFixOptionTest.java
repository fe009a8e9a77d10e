package io.exmy.cli;

import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.Synthetic;
import io.exmy.experiment.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.exmy.cli.FitCliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code exmy fit --fix} and an experiment's {@code fix:} hold constants instead of fitting them. */
class FitFixOptionTest {
    private static Path sunCsv(Path dir) throws Exception {
        SunFpLaw law = new SunFpLaw();
        Dataset d = Synthetic.sun(law.preset("sun2025"), 150, 0.002, 3);
        double[][] rows = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) {
            rows[i] = new double[] {d.numeric("N")[i], d.numeric("D")[i], d.numeric("E")[i], d.numeric("M")[i],
                    d.numeric("B")[i], d.numeric("loss")[i]};
        }
        return FitCliHarness.csv(dir.resolve("sun.csv"), "N,D,E,M,B,loss", rows);
    }

    @Test
    void fixedConstantsAreReportedAndSaved(@TempDir Path dir) throws Exception {
        Path fit = dir.resolve("fit.json");
        var r = run("fit", "--law", "sun", sunCsv(dir).toString(), "--fix", "delta,nu=2.9543", "--save", fit.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("held fixed: delta = 3.1926, nu = 2.9543"), r.out());
        String saved = Files.readString(fit);
        assertTrue(saved.contains("\"pinned\""), saved);
        var d = run("derive", "--fit", fit.toString(), "--bits", "8");
        assertEquals(0, d.exit(), d.toString());
    }

    private static Path kumarCsv(Path dir) throws Exception {
        io.exmy.fit.law.KumarTrainingLaw law = new io.exmy.fit.law.KumarTrainingLaw();
        Dataset d = Synthetic.kumar(law.preset("kumar2024"), 200, 0.001, 5);
        double[][] rows = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) {
            rows[i] = new double[] {d.numeric("N")[i], d.numeric("D")[i], d.numeric("P_w")[i], d.numeric("P_a")[i],
                    d.numeric("P_kv")[i], d.numeric("loss")[i]};
        }
        return FitCliHarness.csv(dir.resolve("kumar.csv"), "N,D,P_w,P_a,P_kv,loss", rows);
    }

    @Test
    void kumarIsFittedWithBetaTiedUnlessUntied(@TempDir Path dir) throws Exception {
        Path csv = kumarCsv(dir);
        var tied = run("fit", "--law", "kumar", csv.toString(), "--format", "json");
        assertEquals(0, tied.exit(), tied.toString());
        assertTrue(tied.out().contains("[tied: beta = alpha]") && !tied.out().contains("\"constant\" : \"beta\""),
                tied.out());
        var untied = run("fit", "--law", "kumar", csv.toString(), "--untie", "beta", "--format", "json");
        assertEquals(0, untied.exit(), untied.toString());
        assertTrue(untied.out().contains("\"constant\" : \"beta\"") && !untied.out().contains("[tied:"), untied.out());
        var wrong = run("fit", "--law", "sun", sunCsv(dir).toString(), "--untie", "beta");
        assertEquals(2, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("cannot untie 'beta': law sun ties no constants"), wrong.err());
    }

    @Test
    void anUnknownConstantIsAUserError(@TempDir Path dir) throws Exception {
        var r = run("fit", "--law", "sun", sunCsv(dir).toString(), "--fix", "zeta=1");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot hold 'zeta' fixed: law sun has constants"), r.err());
    }

    @Test
    void experimentFilesTakeFixAndCheckItBeforeRunning() {
        String base = "name: x\nsweep: {kind: qerror, axes: {format: [e4m3]}}\nfits:\n  - law: sun\n";
        ExperimentConfig c = ExperimentConfig.parse(base + "    fix: {delta: published, nu: 2.9}\n", Path.of("x.yaml"));
        assertEquals(List.of("delta", "nu=2.9"), c.fits().get(0).fix());
        assertFalse(ExperimentConfig.parse(base, Path.of("x.yaml")).fits().get(0).fix().iterator().hasNext());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentConfig.parse(base + "    fix: [kappa]\n", Path.of("x.yaml")));
        assertTrue(e.getMessage().contains("fits[0]: cannot hold 'kappa' fixed"), e.getMessage());
    }
}
