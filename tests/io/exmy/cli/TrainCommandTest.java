package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.Dataset;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exmy train} and {@code exmy sweep} over train grids, end to end on tiny synthetic runs. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--model", "nano", "--layers", "1", "--width", "16", "--heads", "2",
        "--context", "16", "--corpus", "synthetic:symbols=8,order=1,length=40000", "--batch-size", "4",
        "--tokens", "640", "--set", "eval_batches=2", "--backend", "java"};

    private static String[] args(String[] base, String... more) {
        String[] a = new String[base.length + more.length];
        System.arraycopy(base, 0, a, 0, base.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    @Test
    void trainAppendsOneRecordAndDoesNotRepeatIt() {
        String store = dir.resolve("store").toString();
        SweepCommandTest.Result r = SweepCommandTest.exmy(args(new String[] {"train"},
                args(TINY, "--quant", "paper", "--elem", "e3m2", "--block", "8", "--store", store)));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("recorded run"), r.toString());
        assertTrue(r.out().contains("format=e3m2"), r.toString());
        List<Record> recs = ResultsStore.open(Path.of(store)).records();
        assertEquals(1, recs.size());
        JsonNode m = recs.get(0).metrics();
        assertEquals(1 * (12 * 16 * 16 + 13 * 16) + 2 * 16, m.get("N").asLong());
        assertEquals(640, m.get("D").asLong());
        assertEquals(3, m.get("E").asInt());
        assertEquals(2, m.get("M").asInt());
        assertEquals(8, m.get("B").asInt());
        assertTrue(m.get("val_loss").asDouble() > 0);
        assertTrue(m.get("tokens_per_s").asDouble() > 0);
        assertEquals(3, m.get("targets").size());
        assertTrue(m.get("curve").get("val_loss").size() >= 1);
        assertFalse(m.has("baseline_loss"));
        assertTrue(recs.get(0).provenance().get("device").asText().startsWith("java"));

        r = SweepCommandTest.exmy(args(new String[] {"train"},
                args(TINY, "--quant", "paper", "--elem", "e3m2", "--block", "8", "--store", store)));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("already recorded"), r.toString());
        assertEquals(1, ResultsStore.open(Path.of(store)).records().size());
    }

    @Test
    void recipeSwitchesReachTheRecord() {
        String store = dir.resolve("store").toString();
        SweepCommandTest.Result r = SweepCommandTest.exmy(args(new String[] {"train"},
                args(TINY, "--quant", "te-nvfp4", "--no-sr", "--no-2d", "--store", store)));
        assertEquals(0, r.exit(), r.toString());
        Record rec = ResultsStore.open(Path.of(store)).records().get(0);
        assertEquals("te-nvfp4", rec.config().get("quant").asText());
        assertTrue(rec.config().get("rht").asBoolean());
        assertFalse(rec.config().get("sr").asBoolean());
        assertFalse(rec.config().get("scale_2d").asBoolean());
        JsonNode t = rec.metrics().get("targets");
        assertEquals(6, t.size());
        assertEquals("nvfp4", t.get("dgrad.dy").asText(), "no stochastic rounding");
        assertEquals("hadamard(16/te) then nvfp4/col", t.get("wgrad.x").asText());
        r = SweepCommandTest.exmy(args(new String[] {"train"},
                args(TINY, "--quant", "paper", "--elem", "e3m2", "--no-rht", "--store", store)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("switch off parts of a recipe"), r.toString());
    }

    @Test
    void mistakesAreOneLineWithTheFix() {
        String store = dir.resolve("store").toString();
        SweepCommandTest.Result r = SweepCommandTest.exmy(args(new String[] {"train"},
                args(TINY, "--elem", "e4m3", "--store", store)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("quant is none") && r.err().contains("paper"), r.toString());
        r = SweepCommandTest.exmy(args(new String[] {"train"}, args(TINY, "--set", "heads=3", "--store", store)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("divisible"), r.toString());
        r = SweepCommandTest.exmy(args(new String[] {"train"}, args(TINY, "--set", "warmup=3", "--store", store)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no setting 'warmup'"), r.toString());
        r = SweepCommandTest.exmy(args(new String[] {"train"}, args(TINY, "--set", "corpus=file:" + dir.resolve("none.txt"),
                "--store", store)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("does not exist"), r.toString());
        r = SweepCommandTest.exmy("train", "--config", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.exit(), r.toString());
    }

    @Test
    void aTrainGridSweepsFormatsAndTheFitterReadsTheStore() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, """
                kind: train
                fixed: {model: nano, layers: 1, width: 16, heads: 2, context: 16, batch_size: 4, tokens: 320,
                        corpus: "synthetic:symbols=8,order=1,length=40000", eval_batches: 2, backend: java,
                        quant: paper, block: 8}
                axes:
                  format: [fp32, e4m3, e2m1]
                """);
        String store = dir.resolve("store").toString();
        SweepCommandTest.Result r = SweepCommandTest.exmy("sweep", "--store", store, g.toString());
        assertEquals(0, r.exit(), r.toString());
        List<Record> recs = ResultsStore.open(Path.of(store)).records();
        assertEquals(3, recs.size());
        r = SweepCommandTest.exmy("sweep", "--store", store, g.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(3, ResultsStore.open(Path.of(store)).records().size(), "finished runs are skipped");
        Dataset d = DataReader.read(Path.of(store));
        double[] e = d.numeric("metrics.E");
        int missing = 0;
        for (double x : e) {
            missing += Double.isNaN(x) ? 1 : 0;
        }
        assertEquals(1, missing, "the fp32 baseline has no E, M, B");
        int baselines = 0;
        for (double x : d.numeric("metrics.baseline_loss")) {
            baselines += Double.isNaN(x) ? 0 : 1;
        }
        assertEquals(1, baselines);
    }
}
