package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.exmy.cli.Main;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps through a real Slurm (tests/slurm/setup-slurm.sh): a job array whose records all arrive
 * exactly once, duplicate tasks that change nothing, a cancelled task that status reports and
 * --resubmit reruns. Skips where Slurm is not installed and cannot be started; fails instead
 * under {@code -Dexmy.require.slurm=true} (CI, after setup-slurm.sh).
 */
@Tag("slurm")
class SlurmIntegrationTest {
    private static final long WAIT_S = 90;
    private static final SlurmClient SLURM = SlurmClient.system();
    private static String unavailable;

    @TempDir
    Path dir;

    @BeforeAll
    static void slurmIsUp() throws Exception {
        String why = slurmDown();
        if (why != null && canStart()) {
            // installed but not running (a fresh boot): start it the way CI does
            Process p = new ProcessBuilder("bash", "tests/slurm/setup-slurm.sh", "--no-install", "--quiet")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(120, TimeUnit.SECONDS);
            why = slurmDown();
            if (why != null) {
                why += "; tests/slurm/setup-slurm.sh --no-install said: " + out.strip();
            }
        }
        if (why != null) {
            if (Boolean.getBoolean("exmy.require.slurm")) {
                fail("Slurm is required (-Dexmy.require.slurm=true) but unavailable: " + why
                        + " (run tests/slurm/setup-slurm.sh as root first)");
            }
            unavailable = "Slurm unavailable, skipping (tests/slurm/setup-slurm.sh installs and starts a "
                    + "single-node Slurm as root): " + why;
        }
    }

    @BeforeEach
    void skipWithoutSlurm() {
        // here rather than in @BeforeAll so that the report counts the test as skipped, with the reason
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    /** Null if a node of the cluster is up, else why not. */
    private static String slurmDown() {
        try {
            CommandRunner.Output o = CommandRunner.system(20).run(List.of("sinfo", "-h", "-o", "%t"));
            if (o.exit() != 0) {
                return "sinfo failed: " + o.stderr().strip();
            }
            for (String state : o.stdout().split("\\s+")) {
                if (Set.of("idle", "mix", "alloc", "comp").contains(state.replace("*", ""))) {
                    return null;
                }
            }
            return "no node is up (sinfo: " + o.stdout().strip() + ")";
        } catch (IOException e) {
            return "sinfo not found (Slurm is not installed)";
        }
    }

    private static boolean canStart() {
        return Files.isExecutable(Path.of("/usr/sbin/slurmctld")) && Files.isRegularFile(Path.of("tests/slurm/setup-slurm.sh"))
                && "root".equals(System.getProperty("user.name"));
    }

    private static String exmy(String... args) {
        StringWriter out = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute(args);
        assertEquals(0, exit, () -> "exmy " + String.join(" ", args) + " failed:\n" + out);
        return out.toString();
    }

    /** Waits until no task of these jobs is queued or running. */
    private static void awaitIdle(List<String> jobs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline) {
            if (SLURM.queue(jobs).isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        fail("Slurm jobs " + jobs + " still queued or running after " + WAIT_S + " s: " + SLURM.queue(jobs));
    }

    private static String log(SubmissionManifest m, int index) {
        try {
            return Files.readString(m.log(index));
        } catch (IOException e) {
            return "(no log " + m.log(index) + ")";
        }
    }

    @Test
    void jobArraysRecordEveryRunExactlyOnceThroughCancelAndResubmit() throws Exception {
        long t0 = System.nanoTime();
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        String storeArg = store.dir().toString();

        // 1. six runs as one array, with the default launcher (this JVM's java and class path)
        Path grid1 = SweepFixtures.qerrorGrid(dir, "six", List.of("e4m3", "e3m2", "e2m1"), 2, 0);
        List<PlannedRun> runs1 = GridExpander.expand(Grid.load(grid1));
        String out = exmy("sweep", "--executor", "slurm", "--store", storeArg, grid1.toString());
        assertTrue(out.contains("submitted 6 run(s) as Slurm job"), out);
        SubmissionManifest sub1 = SubmissionManifest.loadAll(store).get(0);
        awaitIdle(List.of(sub1.jobId()));
        Map<String, byte[]> records1 = SweepFixtures.assertStoreSound(store, runs1);
        assertEquals(6, records1.size(), () -> "task 0 log:\n" + log(sub1, 0));
        for (SubmissionManifest.Task t : sub1.tasks()) {
            Record r = store.record(t.runId()).orElseThrow();
            assertEquals(sub1.slurmTask(t.index()), r.provenance().get("slurm_job").asText(), "record made by its task");
        }
        out = exmy("sweep", "--status", "--store", storeArg, grid1.toString());
        assertTrue(out.contains("6 run(s), 6 done"), out);
        out = exmy("sweep", "--executor", "slurm", "--store", storeArg, grid1.toString());
        assertTrue(out.contains("nothing to submit: 6 of 6 run(s) recorded"), out);

        // 2. the same six tasks again, behind exmy's back: duplicates find their records and change nothing
        String dup = SLURM.submit(List.of("--array=0-5", "--output=" + sub1.dir().resolve("logs") + "/dup_%a.out",
                sub1.dir().resolve("job.sh").toString()));
        awaitIdle(List.of(dup));
        SweepFixtures.assertUnchanged(records1, store);
        assertEquals(6, store.records().size());
        String dupLog = Files.readString(sub1.dir().resolve("logs").resolve("dup_3.out"));
        assertTrue(dupLog.contains("already recorded: nothing to do"), dupLog);

        // 3. four runs, one slow; cancel the slow one while it runs
        Path grid2 = dir.resolve("cancel.yaml");
        Files.writeString(grid2, "kind: qerror\nfixed: {elements: 2000}\nruns:\n"
                + "  - {format: e5m2}\n  - {format: e2m3, sleep_s: 8}\n  - {format: e3m2, rounding: sr}\n"
                + "  - {format: e4m3, rounding: rtz}\n");
        List<PlannedRun> runs2 = GridExpander.expand(Grid.load(grid2));
        String slowId = runs2.get(1).id();
        String launcher = SlurmExecutor.quote(SlurmExecutor.javaBinary()) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " -Xmx256m -cp " + SlurmExecutor.quote(SlurmExecutor.classPath()) + " io.exmy.cli.Main";
        out = exmy("sweep", "--executor", "slurm", "--exmy-command", launcher, "--store", storeArg, grid2.toString());
        assertTrue(out.contains("submitted 4 run(s)"), out);
        SubmissionManifest sub2 = SubmissionManifest.loadAll(store).stream()
                .filter(m -> m.tasks().stream().anyMatch(t -> t.runId().equals(slowId))).findFirst().orElseThrow();
        int slowIndex = sub2.tasks().stream().filter(t -> t.runId().equals(slowId)).findFirst().orElseThrow().index();
        String slowTask = sub2.slurmTask(slowIndex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (true) {
            SlurmTaskState s = SLURM.queue(List.of(sub2.jobId())).get(slowTask);
            assertTrue(s != null, () -> "the slow task " + slowTask + " left the queue before it could be cancelled:\n"
                    + log(sub2, slowIndex));
            if (s.running() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        SLURM.cancel(slowTask);
        awaitIdle(List.of(sub2.jobId()));
        assertTrue(store.record(slowId).isEmpty(), "the cancelled run has no record");
        SweepStatus.Report status = SweepStatus.of(runs2, store, SLURM);
        SweepStatus.Row slow = status.row(slowId);
        assertTrue(slow.state() == SweepStatus.State.FAILED || slow.state() == SweepStatus.State.MISSING, slow.toString());
        assertTrue(slow.detail().contains(slowTask), slow.detail());
        assertEquals(3, status.counts().get(SweepStatus.State.DONE), status.rows().toString());
        out = exmy("sweep", "--status", "--store", storeArg, grid2.toString());
        assertTrue(out.contains("3 done") && out.contains(slowTask), out);

        // a plain submit leaves the cancelled run alone; --resubmit reruns exactly it
        out = exmy("sweep", "--executor", "slurm", "--store", storeArg, grid2.toString());
        assertTrue(out.contains("nothing to submit") && out.contains("--resubmit"), out);
        Map<String, byte[]> before = SweepFixtures.assertStoreSound(store, concat(runs1, runs2));
        out = exmy("sweep", "--executor", "slurm", "--resubmit", "--exmy-command", launcher, "--store", storeArg,
                grid2.toString());
        assertTrue(out.contains("submitted 1 run(s)"), out);
        SubmissionManifest sub3 = SubmissionManifest.loadAll(store).stream()
                .filter(m -> !m.submission().equals(sub2.submission()) && m.tasks().stream()
                        .anyMatch(t -> t.runId().equals(slowId))).findFirst().orElseThrow();
        assertEquals(List.of(slowId), sub3.tasks().stream().map(SubmissionManifest.Task::runId).toList());
        awaitIdle(List.of(sub3.jobId()));

        // every record exactly once; none rewritten
        Map<String, byte[]> all = SweepFixtures.assertStoreSound(store, concat(runs1, runs2));
        assertEquals(10, all.size(), () -> "resubmitted task log:\n" + log(sub3, 0));
        SweepFixtures.assertUnchanged(before, store);
        try (var s = Files.list(store.recordsDir())) {
            assertEquals(10, s.count(), "no temporary files");
        }
        assertEquals(sub3.slurmTask(0), store.record(slowId).orElseThrow().provenance().get("slurm_job").asText());
        out = exmy("sweep", "--status", "--store", storeArg, grid2.toString());
        assertTrue(out.contains("4 run(s), 4 done"), out);
        System.out.printf("SlurmIntegrationTest: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static List<PlannedRun> concat(List<PlannedRun> a, List<PlannedRun> b) {
        List<PlannedRun> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
