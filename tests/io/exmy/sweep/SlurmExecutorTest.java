package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.results.Json;
import io.exmy.results.Provenance;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submission, status and resubmission against scripted Slurm answers (the real thing: SlurmIntegrationTest). */
class SlurmExecutorTest {
    @TempDir
    Path dir;

    private List<PlannedRun> runs() throws Exception {
        return GridExpander.expand(Grid.load(SweepFixtures.qerrorGrid(dir, "g", List.of("e4m3"), 5, 0)));
    }

    @Test
    void submitsOneArrayWithTheResourcesAndAManifest() throws Exception {
        List<PlannedRun> runs = runs();
        Grid grid = Grid.load(dir.resolve("g.yaml"));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        store.add(Record.create("qerror", runs.get(0).config().json(), Json.object().put("sqnr_db", 1),
                Provenance.here("cpu", Instant.now(), Instant.now())));
        FakeSlurm f = new FakeSlurm();
        SlurmClient client = new SlurmClient(f);
        SlurmExecutor.Plan plan = SlurmExecutor.plan(runs, store, client, false);
        assertEquals(4, plan.toSubmit().size());
        assertEquals(1, plan.done());
        SlurmOptions opts = new SlurmOptions("gpu", 2, 8, "1:00:00", "16G", List.of("--qos=low"), 3, null);
        List<SubmissionManifest> subs = SlurmExecutor.submit(plan, grid, store, opts, client);
        assertEquals(1, subs.size());
        List<String> sbatch = f.last("sbatch");
        for (String a : List.of("--parsable", "--array=0-3%3", "--job-name=exmy-g", "--partition=gpu", "--gres=gpu:2",
                "--cpus-per-task=8", "--time=1:00:00", "--mem=16G", "--qos=low")) {
            assertTrue(sbatch.contains(a), a + " missing from " + sbatch);
        }
        assertTrue(sbatch.stream().anyMatch(a -> a.startsWith("--output=") && a.endsWith("/logs/%A_%a.out")), sbatch.toString());

        SubmissionManifest m = SubmissionManifest.load(subs.get(0).file());
        assertEquals("77", m.jobId());
        assertEquals(4, m.tasks().size());
        assertEquals(runs.get(1).id(), m.task(0).runId(), "array index 0 is the first missing run");
        assertEquals(1, m.task(0).gridIndex());
        String script = Files.readString(m.dir().resolve("job.sh"));
        assertTrue(script.contains("sweep-task --manifest '" + m.file() + "' --index \"${SLURM_ARRAY_TASK_ID"), script);
        assertTrue(script.contains("io.exmy.cli.Main") && script.contains("$EXMY_JAVA_OPTS"), script);
        assertTrue(Files.isExecutable(m.dir().resolve("job.sh")));

        // submitting again submits nothing: every missing run was submitted already
        SlurmExecutor.Plan again = SlurmExecutor.plan(runs, store, client, false);
        assertEquals(0, again.toSubmit().size());
    }

    @Test
    void statusAndResubmitFollowSlurm() throws Exception {
        List<PlannedRun> runs = runs();
        Grid grid = Grid.load(dir.resolve("g.yaml"));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        FakeSlurm f = new FakeSlurm();
        SlurmClient client = new SlurmClient(f);
        SlurmExecutor.submit(SlurmExecutor.plan(runs, store, client, false), grid, store, SlurmOptions.defaults(), client);
        // task 0 finished and recorded; 1 runs; 2 waits; 3 failed; Slurm forgot 4 (cancelled while pending)
        store.add(Record.create("qerror", runs.get(0).config().json(), Json.object().put("sqnr_db", 1),
                Provenance.here("cpu", Instant.now(), Instant.now())));
        f.answer("squeue", 0, "77_1|RUNNING|None\n77_2|PENDING|Priority\n", "")
                .answer("scontrol", 0, "JobId=80 ArrayJobId=77 ArrayTaskId=3 JobState=FAILED Reason=NonZeroExitCode"
                        + " ExitCode=1:0\n", "")
                .answer("sacct", 1, "", "Slurm accounting storage is disabled");

        SweepStatus.Report r = SweepStatus.of(runs, store, client);
        assertEquals(SweepStatus.State.DONE, r.rows().get(0).state());
        assertEquals(SweepStatus.State.RUNNING, r.rows().get(1).state());
        assertEquals("77_1", r.rows().get(1).slurmTask());
        assertEquals(SweepStatus.State.QUEUED, r.rows().get(2).state());
        assertTrue(r.rows().get(2).detail().contains("pending (Priority)"), r.rows().get(2).detail());
        assertEquals(SweepStatus.State.FAILED, r.rows().get(3).state());
        assertTrue(r.rows().get(3).detail().contains("failed (exit 1:0)") && r.rows().get(3).detail().contains("77_3.out"),
                r.rows().get(3).detail());
        assertEquals(SweepStatus.State.MISSING, r.rows().get(4).state());
        assertTrue(r.rows().get(4).detail().contains("was job 77_4"), r.rows().get(4).detail());

        SlurmExecutor.Plan plain = SlurmExecutor.plan(runs, store, client, false);
        assertEquals(0, plain.toSubmit().size());
        assertEquals(2, plain.submittedBefore().size());
        assertEquals(2, plain.active().size());

        SlurmExecutor.Plan re = SlurmExecutor.plan(runs, store, client, true);
        assertEquals(List.of(runs.get(3).id(), runs.get(4).id()), re.toSubmit().stream().map(PlannedRun::id).toList());
        SubmissionManifest m2 = SlurmExecutor.submit(re, grid, store, SlurmOptions.defaults(), client).get(0);
        assertEquals("78", m2.jobId());
        assertEquals("--array=0-1", f.last("sbatch").get(2));

        // the new submission is pending: nothing left to resubmit
        f.answer("squeue", 0, "77_1|RUNNING|None\n77_2|PENDING|Priority\n78_0|PENDING|None\n78_1|PENDING|None\n", "");
        assertEquals(0, SlurmExecutor.plan(runs, store, client, true).toSubmit().size());
        assertEquals(SweepStatus.State.QUEUED, SweepStatus.of(runs, store, client).rows().get(3).state());
    }

    @Test
    void resubmitRefusesWhenSlurmCannotSayWhatRuns() throws Exception {
        List<PlannedRun> runs = runs();
        Grid grid = Grid.load(dir.resolve("g.yaml"));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        FakeSlurm f = new FakeSlurm();
        SlurmExecutor.submit(SlurmExecutor.plan(runs, store, new SlurmClient(f), false), grid, store,
                SlurmOptions.defaults(), new SlurmClient(f));
        f.answer("squeue", 1, "", "slurm_load_jobs error: Unable to contact slurm controller");
        String m = assertThrows(SweepException.class, () -> SlurmExecutor.plan(runs, store, new SlurmClient(f), true))
                .getMessage();
        assertTrue(m.contains("cannot tell which runs are still queued") && m.contains("Unable to contact"), m);
        SweepStatus.Report r = SweepStatus.of(runs, store, new SlurmClient(f));
        assertTrue(r.slurmNote().contains("Unable to contact"), r.slurmNote());
        assertEquals(SweepStatus.State.MISSING, r.rows().get(0).state());
        assertTrue(r.rows().get(0).detail().contains("Slurm state unknown"));
    }

    @Test
    void aFailedSbatchLeavesNoSubmission() throws Exception {
        List<PlannedRun> runs = runs();
        Grid grid = Grid.load(dir.resolve("g.yaml"));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        FakeSlurm f = new FakeSlurm().answer("sbatch", 1, "", "sbatch: error: Batch job submission failed");
        SlurmClient client = new SlurmClient(f);
        assertThrows(SweepException.class, () -> SlurmExecutor.submit(SlurmExecutor.plan(runs, store, client, false),
                grid, store, SlurmOptions.defaults(), client));
        assertTrue(SubmissionManifest.loadAll(store).isEmpty());
        assertEquals(5, SlurmExecutor.plan(runs, store, client, false).toSubmit().size());
    }

    @Test
    void quoting() {
        assertEquals("'it'\\''s'", SlurmExecutor.quote("it's"));
        assertFalse(SlurmExecutor.classPath().isEmpty());
    }
}
