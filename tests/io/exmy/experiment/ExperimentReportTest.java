package io.exmy.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.results.ResultsStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
    @TempDir
    Path dir;

    static ExperimentReport.Summary writeSynthetic(Path dir) throws Exception {
        ResultsStore store = SyntheticResults.fill(dir.resolve("store"), 1);
        ExperimentConfig cfg = ExperimentConfig.parse(SyntheticResults.CONFIG, Path.of("synthetic.yaml"));
        return ExperimentReport.write(cfg, store, dir.resolve("report"), Map.of("backend", "none (synthetic)"));
    }

    @Test
    void reportHoldsRunsFitsDerivationsAndRawResults() throws Exception {
        ExperimentReport.Summary s = writeSynthetic(dir);
        assertEquals(63, s.runs());
        assertEquals(2, s.fits().size(), "failed fits: " + s.failedFits());
        Path report = dir.resolve("report");
        String html = Files.readString(s.index());
        for (String needle : new String[] {"<caption>Runs (63)</caption>", "Fit: sun", "Fit: chinchilla",
            "Best exponent/mantissa split", "Critical data size", "data:image/png;base64,",
            "Paired comparison of metrics.loss against config.format = fp32, paired on config.d",
            "config.E changes only with config.format"}) {
            assertTrue(html.contains(needle), "the report lacks " + needle);
        }
        for (String f : new String[] {"results.csv", "results.jsonl", "experiment.yaml", "fits/sun.json", "fits/chinchilla.json",
            "plots/em_split.png", "plots/sun_observed_vs_predicted.png", "plots/chinchilla_loss_vs_D.png"}) {
            assertTrue(Files.size(report.resolve(f)) > 0, f);
        }
        BufferedImage png = ImageIO.read(report.resolve("plots/sun_loss_vs_D.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() >= 400 && png.getHeight() >= 300);
        // The synthetic losses came from the published laws with 0.1 % noise. Fifty-four points do not pin down all
        // eight of Sun's constants tightly (β trades against d and γ), but the fit must predict them.
        for (LawFit f : s.fits()) {
            assertTrue(f.result().converged(), f.spec().law() + ": " + f.result().convergenceNote());
            assertTrue(f.result().r2Log() > 0.99, f.spec().law() + " R² of log L = " + f.result().r2Log());
            assertTrue(f.result().rmseLog() < 0.005, f.spec().law() + " RMSE of log L = " + f.result().rmseLog());
        }
        // Each fit's bootstrap: its refits counted in a table of their own, every constant judged identified or not,
        // and a fit its data do not identify says so in words above its figures.
        assertTrue(html.contains("<caption>Bootstrap</caption>") && html.contains("<th>failed refits</th>"));
        assertTrue(html.contains("<th>identified by these data</th>"));
        for (LawFit f : s.fits()) {
            io.exmy.fit.solve.Identification id = io.exmy.fit.solve.Identification.of(f.law(), f.result().bootstrap());
            assertTrue(id.checked());
            assertEquals(!id.identified(), html.contains("Warning: the " + f.spec().law() + " fit is not identified by these data"),
                    f.spec().law() + ": " + id.summary());
        }
        assertTrue(html.contains("<td class=\"num\">4</td><td>E2M1</td>"), "4 bits: E2M1");
        assertTrue(html.contains("<td class=\"num\">8</td><td>E4M3</td>"), "8 bits: E4M3");
    }

    @Test
    void aFitThatCannotRunIsReportedNotFatal() throws Exception {
        ResultsStore store = SyntheticResults.fill(dir.resolve("store"), 2);
        String cfgText = SyntheticResults.CONFIG.replace("config.E", "config.nonexistent");
        ExperimentConfig cfg = ExperimentConfig.parse(cfgText, Path.of("bad.yaml"));
        ExperimentReport.Summary s = ExperimentReport.write(cfg, store, dir.resolve("report"), Map.of());
        assertEquals(1, s.fits().size());
        assertTrue(s.failedFits().get("sun").contains("config.nonexistent"), s.failedFits().toString());
        assertTrue(Files.readString(s.index()).contains("The sun fit failed"));
    }

    @Test
    void badConfigurationsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentConfig.parse("name: x\nsweep: {kind: qerror}\nfits: [{law: sun, bootstrp: 3}]", Path.of("x.yaml")));
        assertTrue(e.getMessage().contains("unknown key 'bootstrp'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.parse("name: x\n", Path.of("x.yaml")));
        assertTrue(e.getMessage().contains("'sweep' must be a grid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.load(Path.of("no/such.yaml")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
