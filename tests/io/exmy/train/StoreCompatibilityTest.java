package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Json;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.results.RunId;
import io.exmy.results.StoreAudit;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunAttempt;
import io.exmy.sweep.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results store written by main at 20dc72d (before issue 17 made recipes data) stays readable and
 * means what it meant: {@code store-20dc72d/} holds the records of nine tiny {@code exmy train} runs
 * on the Java backend — fp32, {@code paper}, {@code all} with E8M0 scales and the head,
 * {@code te-nvfp4} (all on, {@code --no-sr}), {@code kumar} with per-head KV, {@code sun2025},
 * {@code te-mxfp8} with a {@code --quant-op}, {@code torchao-mxfp4} with two snapshots — and the
 * checkpoint of a {@code te-nvfp4 --no-2d} run killed after step 4; {@code store-20dc72d-resumed.json}
 * is the record the same code wrote when it resumed that run. Every record's configuration must
 * normalize to itself under its id, describe the same quantized operands, and train again to the
 * same losses bit for bit; the snapshots' settings must build; the checkpoint must resume to the
 * record the old code wrote.
 */
class StoreCompatibilityTest {
    static final Path FIXTURE = Path.of("tests/io/exmy/train/store-20dc72d");
    static final Path RESUMED = Path.of("tests/io/exmy/train/store-20dc72d-resumed.json");
    static final String KILLED = "a486d2a1a7c450b8";
    /** Metrics that measure the machine (time, peak), not the run. */
    static final Set<String> TIMING = Set.of("tokens_per_s", "train_s", "eval_s", "mfu", "peak_flops");

    private static ResultsStore copy(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(FIXTURE)) {
            for (Path p : s.toList()) {
                Path to = dir.resolve(FIXTURE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return ResultsStore.open(dir);
    }

    @Test
    void theStoreVerifiesAndEveryConfigurationIsItsOwnRun(@TempDir Path dir) throws IOException {
        ResultsStore store = copy(dir);
        StoreAudit.Report audit = StoreAudit.run(store, StateAudit.checks());
        assertEquals(0, audit.errors(), audit.findings().toString());
        List<Record> records = store.records();
        assertEquals(9, records.size());
        for (Record r : records) {
            ObjectNode again = new TrainKind().normalize(r.config());
            assertEquals(RunId.canonical(r.config()), RunId.canonical(again), r.id() + " normalizes to itself");
            assertEquals(r.id(), RunConfig.of(TrainKind.NAME, again).id());
            TrainSettings s = TrainSettings.of(RunConfig.of(TrainKind.NAME, r.config()));
            JsonNode targets = Json.MAPPER.valueToTree(s.targets().describe());
            assertEquals(r.metrics().get("targets"), targets, r.id() + ": the same operands and schemes");
            if (r.metrics().has("kv")) {
                assertEquals(r.metrics().get("kv").asText(), s.kvQuant().describe());
            }
        }
    }

    @Test
    void theSnapshotsSettingsBuild(@TempDir Path dir) throws IOException {
        ResultsStore store = copy(dir);
        Path models = store.modelsDir().resolve("d18d2dd05c999f4c");
        for (String f : List.of("tokens-000000000128.snapshot", "tokens-000000000256.snapshot")) {
            ModelSnapshot snap = ModelSnapshot.read(models.resolve(f));
            assertTrue(snap.verified());
            TrainSettings s = snap.settings();
            assertEquals(new ModelConfig(2, 16, 2, 16, 256, ModelConfig.Positions.LEARNED), s.model());
            assertTrue(snap.params().length >= s.model().parameters(), "the model's parameters are all there");
            assertEquals("d18d2dd05c999f4c", RunConfig.of(TrainKind.NAME, snap.config()).id());
            assertTrue(s.targets().any(), "torchao-mxfp4 quantizes");
        }
    }

    /** Each record trained again, through the same path as exmy train, gives the same metrics but for timings. */
    @Test
    void everyRunTrainsAgainToTheSameBits(@TempDir Path dir) throws IOException {
        ResultsStore old = copy(dir.resolve("old"));
        ResultsStore fresh = ResultsStore.openOrCreate(dir.resolve("new"));
        for (Record r : old.records()) {
            RunConfig rc = RunConfig.of(TrainKind.NAME, new TrainKind().normalize(r.config()));
            RunAttempt.Result res = RunAttempt.execute(rc, fresh, ProgressReporter.NONE);
            assertTrue(res.ok(), r.id() + ": " + res.error());
            assertSameRun(r.metrics(), fresh.record(r.id()).orElseThrow().metrics(), r.id());
        }
    }

    @Test
    void theKilledRunResumesToTheRecordTheOldCodeWrote(@TempDir Path dir) throws IOException {
        ResultsStore store = copy(dir);
        Record want = Record.parse(Files.readAllBytes(RESUMED), RESUMED);
        RunConfig rc = RunConfig.of(TrainKind.NAME, new TrainKind().normalize(want.config()));
        assertEquals(KILLED, rc.id());
        assertTrue(RunAttempt.execute(rc, store, ProgressReporter.NONE).ok());
        ObjectNode got = store.record(KILLED).orElseThrow().metrics();
        assertEquals(4, got.get("resumed_at_step").asInt(), "resumed from the old checkpoint");
        assertSameRun(want.metrics(), got, KILLED);
    }

    private static void assertSameRun(ObjectNode want, ObjectNode got, String id) {
        ObjectNode w = want.deepCopy();
        ObjectNode g = got.deepCopy();
        w.remove(TIMING);
        g.remove(TIMING);
        assertEquals(RunId.canonical(w), RunId.canonical(g), id + ": the same metrics, bit for bit");
    }
}
