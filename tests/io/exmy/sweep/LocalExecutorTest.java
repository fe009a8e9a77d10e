package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Json;
import io.exmy.results.ResultsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {
    @TempDir
    Path dir;

    /** A kind that fails while its run's "fail" file exists, and counts its calls. */
    static final class FlakyKind implements RunKind {
        static final FlakyKind INSTANCE = new FlakyKind();
        static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String name() {
            return "flaky-test";
        }

        @Override
        public String description() {
            return "test kind";
        }

        @Override
        public ObjectNode normalize(ObjectNode config) {
            ConfigFields f = new ConfigFields(name(), config);
            f.string("fail_if", null, s -> s);
            f.integer("n", 0L, 0, 100);
            return f.done();
        }

        @Override
        public ObjectNode run(RunConfig config, RunContext ctx) {
            CALLS.incrementAndGet();
            ctx.progress().total(2, "steps");
            ctx.progress().done(1);
            // resumable kinds keep state here; this one proves the directory is the run's own
            assertTrue(ctx.checkpointDir().endsWith(Path.of("checkpoints", config.id())));
            if (Files.exists(Path.of(config.string("fail_if")))) {
                throw new IllegalStateException("asked to fail");
            }
            ctx.progress().done(2);
            return Json.object().put("sqnr_db", config.integer("n")).put("value", config.integer("n") * 2);
        }
    }

    static {
        RunKinds.register(FlakyKind.INSTANCE);
    }

    @Test
    void runsMissingRunsOnceAndResumes() throws Exception {
        Path grid = SweepFixtures.qerrorGrid(dir, "g", List.of("e4m3", "e2m1"), 2, 0);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        StringWriter log = new StringWriter();
        LocalExecutor.Summary s = LocalExecutor.run(runs.subList(0, 3), store, new PlainDisplay(new PrintWriter(log)));
        assertEquals(3, s.recorded());
        assertTrue(s.ok());
        assertTrue(log.toString().contains("[1/3] "), log.toString());
        assertTrue(log.toString().contains("ETA"), log.toString());
        Map<String, byte[]> before = SweepFixtures.assertStoreSound(store, runs);
        assertEquals(3, before.size());

        s = LocalExecutor.run(runs, store, new PlainDisplay(new PrintWriter(new StringWriter())));
        assertEquals(1, s.recorded());
        assertEquals(3, s.alreadyDone());
        SweepFixtures.assertUnchanged(before, store);
        assertEquals(4, store.records().size());
        SweepStatus.Report r = SweepStatus.of(runs, store, null);
        assertEquals(Map.of(SweepStatus.State.DONE, 4), r.counts());
        assertTrue(r.rows().get(0).wallSeconds() >= 0);
    }

    @Test
    void failedRunsAreReportedAndRetried() throws Exception {
        Path failFlag = dir.resolve("fail-now");
        Files.writeString(failFlag, "");
        Path grid = dir.resolve("flaky.yaml");
        Files.writeString(grid, "kind: flaky-test\nfixed: {fail_if: '" + dir.resolve("never") + "'}\nruns:\n"
                + "  - {n: 1}\n  - {n: 2, fail_if: '" + failFlag + "'}\n  - {n: 3}\n");
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        LocalExecutor.Summary s = LocalExecutor.run(runs, store, new PlainDisplay(new PrintWriter(new StringWriter())));
        assertFalse(s.ok());
        assertEquals(2, s.recorded());
        assertEquals(1, s.failures().size());
        assertEquals(1, s.failures().get(0).run().index(), "the other runs go on after a failure");

        SweepStatus.Report r = SweepStatus.of(runs, store, null);
        SweepStatus.Row failed = r.rows().get(1);
        assertEquals(SweepStatus.State.FAILED, failed.state());
        assertTrue(failed.detail().contains("asked to fail"), failed.detail());

        Files.delete(failFlag);
        int calls = FlakyKind.CALLS.get();
        s = LocalExecutor.run(runs, store, new PlainDisplay(new PrintWriter(new StringWriter())));
        assertTrue(s.ok());
        assertEquals(1, FlakyKind.CALLS.get() - calls, "only the failed run is computed again");
        assertEquals(SweepStatus.State.DONE, SweepStatus.of(runs, store, null).rows().get(1).state());
        assertEquals(4, store.record(runs.get(1).id()).orElseThrow().metrics().get("value").asInt());
    }
}
