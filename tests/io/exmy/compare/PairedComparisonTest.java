package io.exmy.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.cli.Main;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.base.FitException;
import io.exmy.results.Json;
import io.exmy.results.Provenance;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedComparisonTest {
    @TempDir
    Path dir;

    private static final double EPS = 1e-12;

    /**
     * By hand: d = (0.5, 0.1, 0.6), mean 0.4; deviations (0.1, −0.3, 0.2), sum of squares 0.14,
     * sd = √0.07, s.e. = √(0.07/3) = 0.152752523…, t = 0.4 / s.e. = 2.618614682…; with 2 degrees of
     * freedom Student's t has the closed form F(t) = 1/2 + t / (2√(2 + t²)), so the two-sided p is
     * 1 − t/√(2 + t²) = 0.120113…; all three differences positive: sign-test p = 2 · (1/2)³ = 0.25.
     */
    @Test
    void threePairsMatchAHandComputation() {
        PairedStats s = PairedStats.of(new double[] {1.0, 2.0, 3.0}, new double[] {1.5, 2.1, 3.6});
        assertEquals(3, s.n());
        assertEquals(2.0, s.meanBaseline(), EPS);
        assertEquals(2.4, s.meanTreatment(), EPS);
        assertEquals(0.4, s.meanDiff(), EPS);
        double se = Math.sqrt(0.07 / 3);
        assertEquals(se, s.se(), EPS);
        double t = 0.4 / se;
        assertEquals(t, s.t(), 1e-9);
        assertEquals(1 - t / Math.sqrt(2 + t * t), s.pT(), 1e-9);
        assertEquals(3, s.positive());
        assertEquals(0.25, s.pSign(), EPS);
    }

    @Test
    void onePairHasNoErrorEstimateAndTheSignTestCountsOnlyNonZeroDifferences() {
        PairedStats one = PairedStats.of(new double[] {1}, new double[] {2});
        assertTrue(Double.isNaN(one.se()) && Double.isNaN(one.t()) && Double.isNaN(one.pT()));
        assertEquals(1.0, one.pSign(), EPS); // 1 of 1 positive: 2 · 1/2
        PairedStats ties = PairedStats.of(new double[] {1, 1, 1, 1}, new double[] {1, 1, 2, 0});
        assertEquals(2, ties.nonZero());
        assertEquals(1.0, ties.pSign(), EPS);
        // 5 of 6 positive: 2 · P(X ≤ 1) = 2 · 7/64
        assertEquals(14.0 / 64, PairedStats.signTest(5, 6), EPS);
    }

    /** A store of runs: 2 models × 3 formats × 3 seeds, losses chosen so every number is known. */
    private Path store(boolean dropOne) throws Exception {
        ResultsStore s = ResultsStore.openOrCreate(dir.resolve("store"));
        String[] formats = {"fp32", "e4m3", "e2m1"};
        for (String model : new String[] {"nano", "micro"}) {
            for (int f = 0; f < 3; f++) {
                for (int seed = 1; seed <= 3; seed++) {
                    if (dropOne && model.equals("micro") && f == 2 && seed == 3) {
                        continue;
                    }
                    ObjectNode config = Json.object().put("model", model).put("format", formats[f]).put("seed", seed)
                            .put("quant", "all");
                    double loss = (model.equals("nano") ? 3 : 2) + seed + f * (0.1 * seed);
                    ObjectNode metrics = Json.object().put("val_loss", loss);
                    s.add(Record.create("train", config, metrics, Provenance.here("test", Instant.EPOCH, Instant.EPOCH)));
                }
            }
        }
        return s.dir();
    }

    @Test
    void aStoreIsSplitIntoCellsAndEachFormatIsPairedWithTheBaselineSeedForSeed() throws Exception {
        PairedComparison.Result r = PairedComparison.compare(DataReader.read(store(true)),
                new PairedComparison.Spec("format", "fp32", "seed", "val_loss", null));
        assertEquals(List.of("config.model"), r.cellColumns(), "quant is the same everywhere: not a cell column");
        assertEquals(4, r.rows().size());
        // micro (sorted first) e4m3: d = 0.1·seed = (0.1, 0.2, 0.3)
        PairedComparison.Row microE4 = r.rows().stream()
                .filter(x -> x.cell().equals(List.of("micro")) && x.treatment().equals("e4m3")).findFirst().orElseThrow();
        assertEquals(3, microE4.stats().n());
        assertEquals(0.2, microE4.stats().meanDiff(), 1e-12);
        assertEquals(Math.sqrt(0.01 / 3), microE4.stats().se(), 1e-12);
        // rounded for the docs: s.e. = 0.0577350..., to 3 significant digits, the same string in every format
        List<Object> rounded = r.table(3).rows().stream().filter(row -> row.get(0).equals("micro") && row.get(1).equals("e4m3"))
                .findFirst().orElseThrow();
        assertEquals("0.0577", rounded.get(6));
        assertEquals("0.2", rounded.get(5));
        // micro e2m1 lost its seed 3: two pairs, d = (0.2, 0.4)
        PairedComparison.Row microE2 = r.rows().stream()
                .filter(x -> x.cell().equals(List.of("micro")) && x.treatment().equals("e2m1")).findFirst().orElseThrow();
        assertEquals(2, microE2.stats().n());
        assertEquals(0.3, microE2.stats().meanDiff(), 1e-12);
        assertEquals(0, microE2.unpaired(), "the missing run is the treatment's: nothing is left unpaired");
    }

    @Test
    void theCommandPrintsTheTableAndRefusesWhatCannotBePaired() throws Exception {
        Path st = store(false);
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("results", "compare", st.toString(), "--by", "format", "--baseline", "fp32", "--format",
                "csv", "--where", "config.model=nano");
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("config.format,n,mean fp32,mean,paired difference,paired s.e.,t,p (t),positive,p (sign)", lines.get(0));
        assertTrue(lines.get(1).startsWith("e4m3,3,5,5.2,0.2,"), lines.get(1));
        assertEquals(3, lines.size(), out.toString());
        assertThrows(FitException.class, () -> PairedComparison.compare(DataReader.read(st),
                new PairedComparison.Spec("format", "fp16", "seed", "val_loss", null)));
        // without the model as a cell column, two runs share format and seed
        FitException dup = assertThrows(FitException.class, () -> PairedComparison.compare(DataReader.read(st),
                new PairedComparison.Spec("format", "fp32", "seed", "val_loss", List.of("quant"))));
        assertTrue(dup.getMessage().contains("two runs share"), dup.getMessage());
        assertTrue(Files.isDirectory(st));
    }
}
