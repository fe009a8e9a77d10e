package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.results.ResultsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: sweeps killed with SIGKILL, and several sweeps writing one store at once. */
class KillAndConcurrencyTest {
    @TempDir
    Path dir;

    private static int records(Path store) throws Exception {
        Path rec = store.resolve("records");
        if (!Files.isDirectory(rec)) {
            return 0;
        }
        try (var s = Files.list(rec)) {
            return (int) s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void sweepKilledAtAnyMomentLosesNoFinishedRecordAndResumes() throws Exception {
        Path grid = SweepFixtures.qerrorGrid(dir, "kill", List.of("e4m3", "e2m1"), 6, 0.4);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        Path storeDir = dir.resolve("store");
        Map<String, byte[]> seen = Map.of();
        // kill after 2, then after 5 records, then once right as it starts
        for (int killAt : new int[] {2, 5, 0}) {
            Path log = dir.resolve("sweep-killed-at-" + killAt + ".log");
            Process p = SweepFixtures.exmy(dir, "sweep", "--store", storeDir.toString(), grid.toString())
                    .redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records(storeDir) < killAt && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), () -> "the sweep must still be running when killed: " + SweepFixtures.read(log));
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(),
                    () -> "killed by SIGKILL at " + killAt + " records: " + SweepFixtures.read(log));

            ResultsStore store = ResultsStore.open(storeDir);
            Map<String, byte[]> now = SweepFixtures.assertStoreSound(store, runs);
            SweepFixtures.assertUnchanged(seen, store);
            assertTrue(now.size() >= Math.max(killAt, seen.size()), now.size() + " records after a kill at " + killAt);
            assertTrue(now.size() < runs.size(), "killed before the end");
            seen = now;
        }
        // resume: only the missing runs are computed, the others stay as they were
        Process p = SweepFixtures.exmy(dir, "sweep", "--store", storeDir.toString(), grid.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains((runs.size() - seen.size()) + " run(s) to compute, " + seen.size() + " already recorded"),
                out);
        ResultsStore store = ResultsStore.open(storeDir);
        assertEquals(runs.size(), SweepFixtures.assertStoreSound(store, runs).size());
        SweepFixtures.assertUnchanged(seen, store);
    }

    @Test
    void concurrentSweepsOnOneStoreRecordEachRunExactlyOnce() throws Exception {
        Path grid = SweepFixtures.qerrorGrid(dir, "race", List.of("e4m3", "e3m2", "e2m1"), 2, 0.05);
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        Path storeDir = dir.resolve("store");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            procs.add(SweepFixtures.exmy(dir, "sweep", "--store", storeDir.toString(), grid.toString()).start());
        }
        // and threads of this JVM on the same store at the same time
        ResultsStore store = ResultsStore.openOrCreate(storeDir);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> LocalExecutor.run(runs, store, new PlainDisplay(new PrintWriter(new StringWriter()))));
            t.start();
            threads.add(t);
        }
        for (Process p : procs) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(runs.size(), SweepFixtures.assertStoreSound(store, runs).size());
        try (var s = Files.list(store.recordsDir())) {
            assertEquals(runs.size(), s.count(), "no temporary files left");
        }
    }
}
