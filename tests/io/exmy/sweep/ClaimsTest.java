package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.io.ProcessLock;
import io.exmy.results.Json;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreAudit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run: sweeps sharing a store (threads of one JVM, separate processes) compute each
 * run exactly once; a killed holder's runs are computed by the next sweep; a Slurm task waits for
 * a run another process holds; a second {@code exmy run} on a store is refused naming the first.
 */
class ClaimsTest {
    @TempDir
    Path dir;

    /** Counts its computations per run id and takes a while, so that sweeps overlap. */
    static final class CountingKind implements RunKind {
        static final Map<String, Integer> COMPUTED = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "count-test";
        }

        @Override
        public String description() {
            return "test kind";
        }

        @Override
        public ObjectNode normalize(ObjectNode config) {
            ConfigFields f = new ConfigFields(name(), config);
            f.integer("n", 0L, 0, 1000);
            return f.done();
        }

        @Override
        public ObjectNode run(RunConfig config, RunContext ctx) throws InterruptedException {
            COMPUTED.merge(config.id(), 1, Integer::sum);
            Thread.sleep(40);
            return Json.object().put("n", config.integer("n"));
        }
    }

    static {
        RunKinds.register(new CountingKind());
    }

    private static void waitFor(BooleanSupplier condition, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(p.isAlive(), () -> "the process ended early: " + SweepFixtures.read(log));
            assertTrue(System.nanoTime() < deadline, () -> "timed out: " + SweepFixtures.read(log));
            Thread.sleep(20);
        }
    }

    @Test
    void twoSweepsInOneJvmComputeEachRunOnce() throws Exception {
        Path grid = dir.resolve("count.yaml");
        StringBuilder runsYaml = new StringBuilder("kind: count-test\nruns:\n");
        for (int i = 0; i < 12; i++) {
            runsYaml.append("  - {n: ").append(i).append("}\n");
        }
        Files.writeString(grid, runsYaml);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        List<StringWriter> logs = List.of(new StringWriter(), new StringWriter());
        List<Thread> threads = new ArrayList<>();
        List<LocalExecutor.Summary> sums = new ArrayList<>();
        for (StringWriter log : logs) {
            Thread t = new Thread(() -> {
                LocalExecutor.Summary s = LocalExecutor.run(runs, store, new PlainDisplay(new PrintWriter(log)));
                synchronized (sums) {
                    sums.add(s);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        for (PlannedRun r : runs) {
            assertEquals(1, CountingKind.COMPUTED.get(r.id()), "run " + r.id() + " computed once: " + logs);
        }
        assertEquals(runs.size(), sums.stream().mapToInt(LocalExecutor.Summary::recorded).sum(), logs.toString());
        assertEquals(0, sums.stream().mapToInt(LocalExecutor.Summary::lostRace).sum());
        assertEquals(runs.size(), store.records().size());
        try (var s = Files.list(store.dir().resolve("claims"))) {
            assertEquals(0, s.count(), "the claims of recorded runs are removed");
        }
    }

    /** Run ids a sweep's plain output says it computed ("[i/n] ID summary: done (…"). */
    private static List<String> computed(String out) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\] ([0-9a-f]{16}) [^\\n]*: done \\(").matcher(out);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void twoSweepProcessesComputeEachRunOnce() throws Exception {
        Path grid = SweepFixtures.qerrorGrid(dir, "two", List.of("e4m3", "e2m1"), 4, 0.25);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        Path storeDir = dir.resolve("store");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            procs.add(SweepFixtures.exmy(dir, "sweep", "--store", storeDir.toString(), grid.toString()).start());
        }
        List<String> ids = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (Process p : procs) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertFalse(out.contains("finished first by another writer"), out);
            ids.addAll(computed(out));
            all.append(out);
        }
        assertEquals(runs.stream().map(PlannedRun::id).sorted().toList(), ids.stream().sorted().toList(),
                "every run computed exactly once between the two: " + all);
        ResultsStore store = ResultsStore.open(storeDir);
        assertEquals(runs.size(), SweepFixtures.assertStoreSound(store, runs).size());
        assertEquals(0, StoreAudit.run(store, List.of()).findings().size());
    }

    @Test
    void theRunOfAKilledHolderIsComputedByTheNextSweep() throws Exception {
        Path grid = SweepFixtures.qerrorGrid(dir, "slow", List.of("e4m3"), 1, 2);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        String id = runs.get(0).id();
        Path storeDir = dir.resolve("store");
        Path log = dir.resolve("holder.log");
        Process p = SweepFixtures.exmy(dir, "sweep", "--store", storeDir.toString(), grid.toString())
                .redirectOutput(log.toFile()).start();
        Path claim = storeDir.resolve("claims").resolve(id + ".lock");
        waitFor(() -> SweepFixtures.read(claim).contains("since"), p, log);
        ResultsStore store = ResultsStore.open(storeDir);
        assertEquals(p.pid(), store.claims().holder(id).orElseThrow().pid());
        SweepStatus.Row row = SweepStatus.of(runs, store, null).rows().get(0);
        assertEquals(SweepStatus.State.RUNNING, row.state());
        assertTrue(row.detail().contains("pid " + p.pid()), row.detail());
        RunAttempt.Result busy = RunAttempt.execute(runs.get(0).config(), store, ProgressReporter.NONE,
                RunAttempt.Claiming.TRY);
        assertEquals(RunAttempt.Outcome.BUSY, busy.outcome());
        assertTrue(busy.notes().get(0).contains("pid " + p.pid()), busy.notes().toString());

        p.destroyForcibly(); // SIGKILL: the system releases its lock
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(store.claims().holder(id).isEmpty(), "a killed holder's claim is free");
        RunAttempt.Result r = RunAttempt.execute(runs.get(0).config(), store, ProgressReporter.NONE,
                RunAttempt.Claiming.TRY);
        assertEquals(RunAttempt.Outcome.RECORDED, r.outcome(), String.valueOf(r.error()));
    }

    @Test
    void aSlurmTaskWaitsForARunAnotherProcessHolds() throws Exception {
        Path grid = SweepFixtures.qerrorGrid(dir, "task", List.of("e4m3", "e2m1"), 1, 0);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        ProcessLock held = store.claims().tryClaim(runs.get(1).id()).orElseThrow();
        Path log = dir.resolve("task.log");
        Process p = SweepFixtures.exmy(dir, "sweep-task", "--grid", grid.toString(), "--index", "1", "--store",
                store.dir().toString()).redirectOutput(log.toFile()).start();
        try {
            waitFor(() -> SweepFixtures.read(log).contains("waiting for it to finish"), p, log);
            String out = SweepFixtures.read(log);
            assertTrue(out.contains("pid " + ProcessHandle.current().pid()), out);
            assertFalse(store.has(runs.get(1).id()));
        } finally {
            held.close(); // released without a record: the task computes the run
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), SweepFixtures.read(log));
        String out = SweepFixtures.read(log);
        assertTrue(out.contains("sweep-task: run " + runs.get(1).id() + " recorded"), out);
        assertTrue(store.has(runs.get(1).id()));
    }

    @Test
    void aSecondExmyRunOnTheSameStoreIsRefused() throws Exception {
        Path cfg = dir.resolve("experiment.yaml");
        Files.writeString(cfg, """
                name: slow
                sweep:
                  kind: qerror
                  fixed: {elements: 1000, distribution: normal, seed: 1, sleep_s: 60}
                  axes: {format: [e4m3, e2m1]}
                fits: []
                """);
        Path storeDir = dir.resolve("store");
        String[] run = {"run", "--config", cfg.toString(), "--store", storeDir.toString(), "--out",
            dir.resolve("report").toString(), "--backend", "java"};
        Path log = dir.resolve("first.log");
        Process first = SweepFixtures.exmy(dir, run).redirectOutput(log.toFile()).start();
        try {
            Path lock = storeDir.resolve("claims").resolve("exmy-run.lock");
            waitFor(() -> SweepFixtures.read(lock).contains("since"), first, log);
            Process second = SweepFixtures.exmy(dir, run).start();
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, second.exitValue(), out);
            assertTrue(out.contains("exmy run: results store " + storeDir.toAbsolutePath().normalize()
                    + " is in use by another exmy run (pid " + first.pid() + " on "), out);
            assertFalse(out.contains("\tat "), "no stack trace: " + out);
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
