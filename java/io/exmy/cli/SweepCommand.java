package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.TextTable;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreException;
import io.exmy.sweep.Grid;
import io.exmy.sweep.GridExpander;
import io.exmy.sweep.LocalExecutor;
import io.exmy.sweep.PlannedRun;
import io.exmy.sweep.SlurmClient;
import io.exmy.sweep.SlurmExecutor;
import io.exmy.sweep.SlurmOptions;
import io.exmy.sweep.SubmissionManifest;
import io.exmy.sweep.SweepDisplay;
import io.exmy.sweep.SweepException;
import io.exmy.sweep.SweepStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every run of a grid that has no record yet, here (default) or as a Slurm job array.",
            "Each finished run is one record in the results store, written atomically and exactly once; a killed "
                    + "sweep loses no finished run and resumes where it stopped. Grid files: docs/SWEEPS.md."},
        footer = {"", "Examples:",
            "  exmy sweep grid.yaml                                  # run here, with a progress bar",
            "  exmy sweep --status grid.yaml                         # what is done, queued, running, failed",
            "  exmy sweep --executor slurm --partition gpu --gpus-per-task 1 --time 2:00:00 grid.yaml",
            "  exmy sweep --executor slurm --resubmit grid.yaml      # retry failed and cancelled runs"})
final class SweepCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID", description = "grid file (YAML, or JSON if it ends in .json)")
    Path gridFile;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = ResultsStore.DEFAULT_DIR,
            description = "results store directory (default: ${DEFAULT-VALUE})")
    Path storeDir;

    @Option(names = "--status", description = "Show each run's state (done, queued, running, failed, missing) and wall time.")
    boolean status;

    @Option(names = "--clean", description = "With --status: delete temporary files left by writers that were killed.")
    boolean clean;

    @Option(names = "--dry-run", description = "List the runs and their state, and say what would be run or submitted.")
    boolean dryRun;

    @Option(names = "--csv", description = "Print tables as CSV.")
    boolean csv;

    @Option(names = "--executor", paramLabel = "E", defaultValue = "local",
            description = "local (default: one run after another in this process) or slurm (one job array)")
    String executor;

    @Option(names = "--resubmit",
            description = "Slurm: submit the runs with no record and no queued or running task (failed, cancelled, "
                    + "missing). Without it, only runs never submitted are submitted.")
    boolean resubmit;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition")
    String partition;

    @Range(min = 0, max = 1024, what = "GPUs per run")
    @Option(names = "--gpus-per-task", paramLabel = "N", description = "GPUs per run (--gres=gpu:N)")
    Integer gpusPerTask;

    @Range(min = 1, max = 1 << 16, what = "CPUs per run")
    @Option(names = "--cpus-per-task", paramLabel = "N", description = "CPUs per run")
    Integer cpusPerTask;

    @Option(names = "--time", paramLabel = "T", description = "time limit per run, e.g. 2:00:00")
    String time;

    @Option(names = "--mem", paramLabel = "M", description = "memory per run, e.g. 16G (also sizes the task's Java heap)")
    String mem;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "extra sbatch option, e.g. --sbatch-arg=--qos=low (repeatable)")
    List<String> sbatchArgs = new ArrayList<>();

    @Range(min = 1, max = 1 << 20, what = "tasks at once")
    @Option(names = "--max-parallel", paramLabel = "N", description = "run at most N tasks at once (--array=...%%N)")
    Integer maxParallel;

    @Option(names = "--exmy-command", paramLabel = "CMD",
            description = "how a task starts exmy, e.g. /shared/exmy/bin/exmy (default: this java and class path)")
    String exmyCommand;

    @Override
    public void declare(CommandFiles files) {
        files.reads("GRID", gridFile).writesStore("--store", storeDir);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String ex = executor.toLowerCase(Locale.ROOT);
        if (!ex.equals("local") && !ex.equals("slurm")) {
            throw new UserError("unknown executor '" + executor + "': use local or slurm");
        }
        if (!ex.equals("slurm")) {
            List<String> slurmOnly = new ArrayList<>();
            if (resubmit) {
                slurmOnly.add("--resubmit");
            }
            if (partition != null || gpusPerTask != null || cpusPerTask != null || time != null || mem != null
                    || !sbatchArgs.isEmpty() || maxParallel != null || exmyCommand != null) {
                slurmOnly.add("the Slurm resource options");
            }
            if (!slurmOnly.isEmpty() && !status) {
                throw new UserError(String.join(" and ", slurmOnly) + " only apply with --executor slurm");
            }
        }
        try {
            Grid grid = Grid.load(gridFile);
            List<PlannedRun> runs = GridExpander.expand(grid);
            if (status || clean) {
                return status(runs, out, err);
            }
            if (ex.equals("slurm")) {
                return slurm(grid, runs, out);
            }
            if (dryRun) {
                ResultsStore store = openOrNull();
                printStatus(runs, store, out);
                long todo = runs.stream().filter(r -> store == null || !store.has(r.id())).count();
                out.printf("dry run: would compute %d of %d run(s) here%n", todo, runs.size());
                return 0;
            }
            return local(runs, out, err);
        } catch (SweepException | StoreException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private int local(List<PlannedRun> runs, PrintWriter out, PrintWriter err) {
        ResultsStore store = ResultsStore.openOrCreate(storeDir);
        LocalExecutor.Summary s = LocalExecutor.run(runs, store, SweepDisplay.forConsole(err));
        for (LocalExecutor.Failure f : s.failures()) {
            err.printf("exmy sweep: run %s (%s) failed: %s%n", f.run().id(), f.run().summary(), f.error());
        }
        out.printf("sweep: %d run(s): %d computed now, %d already recorded, %d failed%s; store %s%n", s.total(),
                s.recorded() + s.lostRace(), s.alreadyDone(), s.failures().size(),
                s.lostRace() > 0 ? " (" + s.lostRace() + " finished first by another writer)" : "", store.dir());
        if (!s.ok()) {
            out.println("rerun the same command to retry the failed runs; exmy sweep --status shows why they failed");
        }
        return s.ok() ? 0 : 1;
    }

    private int slurm(Grid grid, List<PlannedRun> runs, PrintWriter out) {
        SlurmOptions options = new SlurmOptions(partition, gpusPerTask, cpusPerTask, time, mem, sbatchArgs, maxParallel,
                exmyCommand);
        SlurmClient client = SlurmClient.system();
        ResultsStore store = dryRun ? openOrNull() : ResultsStore.openOrCreate(storeDir);
        if (store == null) {
            out.printf("dry run: no store at %s yet; would submit all %d run(s)%n", storeDir, runs.size());
            return 0;
        }
        SlurmExecutor.Plan plan = SlurmExecutor.plan(runs, store, client, resubmit);
        if (dryRun) {
            printStatus(runs, store, out);
            out.printf("dry run: would submit %d run(s) as a job array (%d recorded, %d queued or running, %d submitted"
                    + " before)%n", plan.toSubmit().size(), plan.done(), plan.active().size(), plan.submittedBefore().size());
            return 0;
        }
        if (plan.toSubmit().isEmpty()) {
            out.printf("sweep: nothing to submit: %d of %d run(s) recorded, %d queued or running", plan.done(),
                    runs.size(), plan.active().size());
            if (!plan.submittedBefore().isEmpty()) {
                out.printf(", %d submitted before without a record (--status shows why; --resubmit retries them)",
                        plan.submittedBefore().size());
            }
            out.println();
            return 0;
        }
        List<SubmissionManifest> subs = SlurmExecutor.submit(plan, grid, store, options, client);
        for (SubmissionManifest m : subs) {
            out.printf("sweep: submitted %d run(s) as Slurm job %s (array 0-%d); manifest %s%n", m.tasks().size(),
                    m.jobId(), m.tasks().size() - 1, m.file());
        }
        out.printf("sweep: %d recorded, %d queued or running, %d submitted before and not resubmitted%s%n", plan.done(),
                plan.active().size(), plan.submittedBefore().size(),
                plan.submittedBefore().isEmpty() ? "" : " (--resubmit retries them)");
        out.printf("follow with: exmy sweep --status --store %s %s%n", store.dir(), gridFile);
        return 0;
    }

    private int status(List<PlannedRun> runs, PrintWriter out, PrintWriter err) {
        ResultsStore store = openOrNull();
        if (store == null) {
            throw new UserError("no results store at " + storeDir + ": none of the " + runs.size() + " run(s) of "
                    + gridFile + " has run yet (pass --store DIR if the results are elsewhere)");
        }
        SweepStatus.Report report = printStatus(runs, store, out);
        if (!report.staleTemps().isEmpty()) {
            if (clean) {
                for (Path p : report.staleTemps()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        err.println("exmy sweep: cannot delete " + p + ": " + e.getMessage());
                    }
                }
                out.printf("removed %d stale temporary file(s)%n", report.staleTemps().size());
            } else {
                out.printf("%d stale temporary file(s) from writers killed mid-write (harmless; --clean removes them):%n",
                        report.staleTemps().size());
                report.staleTemps().forEach(p -> out.println("  " + p));
            }
        }
        return 0;
    }

    private SweepStatus.Report printStatus(List<PlannedRun> runs, ResultsStore store, PrintWriter out) {
        if (store == null) {
            TextTable t = new TextTable("#", "id", "run", "state");
            runs.forEach(r -> t.row(r.index(), r.id(), r.summary(), "missing"));
            out.print(csv ? t.csv() : t.markdown());
            return null;
        }
        SweepStatus.Report report = SweepStatus.of(runs, store, SlurmClient.system());
        TextTable t = new TextTable("#", "id", "run", "state", "wall_s", "detail");
        for (SweepStatus.Row r : report.rows()) {
            t.row(r.run().index(), r.run().id(), r.run().summary(), r.state().label(),
                    Double.isNaN(r.wallSeconds()) ? "" : String.format(Locale.ROOT, "%.2f", r.wallSeconds()), r.detail());
        }
        out.print(csv ? t.csv() : t.markdown());
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<SweepStatus.State, Integer> e : report.counts().entrySet()) {
            sb.append(", ").append(e.getValue()).append(' ').append(e.getKey().label());
        }
        out.printf("%d run(s)%s; store %s%n", runs.size(), sb, store.dir());
        if (report.slurmNote() != null) {
            out.println("note: Slurm states unknown: " + report.slurmNote());
        }
        return report;
    }

    private ResultsStore openOrNull() {
        return Files.isDirectory(storeDir) ? ResultsStore.open(storeDir) : null;
    }
}
