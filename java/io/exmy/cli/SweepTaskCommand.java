package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreException;
import io.exmy.sweep.Grid;
import io.exmy.sweep.GridExpander;
import io.exmy.sweep.PlannedRun;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunAttempt;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.SubmissionManifest;
import io.exmy.sweep.SweepException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sweep-task", mixinStandardHelpOptions = true,
        description = {"Compute one run of a sweep and record it: what each Slurm array task of "
                + "'exmy sweep --executor slurm' runs. Does nothing if the run's record exists.",
            "Exit status: 0 when the run is recorded (now or before), 1 when it failed."})
final class SweepTaskCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Source {
        @Option(names = "--manifest", paramLabel = "FILE", required = true,
                description = "a submission's manifest.json; --index is the array index")
        Path manifest;

        @Option(names = "--grid", paramLabel = "FILE", required = true, description = "a grid file; --index is the run's index in it")
        Path grid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Range(min = 0, max = Integer.MAX_VALUE, what = "a run's index")
    @Option(names = "--index", paramLabel = "I", required = true, description = "which run")
    int index;

    @Option(names = "--store", paramLabel = "DIR",
            description = "results store (default: the manifest's store, or " + ResultsStore.DEFAULT_DIR + " with --grid)")
    Path storeDir;

    @Override
    public void declare(CommandFiles files) {
        files.reads("--manifest", source.manifest).reads("--grid", source.grid).writesStore("--store", storeDir);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            RunConfig config;
            String summary;
            ResultsStore store;
            if (source.manifest != null) {
                SubmissionManifest m = SubmissionManifest.load(source.manifest);
                SubmissionManifest.Task t = m.task(index);
                config = RunConfig.of(t.kind(), t.config());
                if (!config.id().equals(t.runId())) {
                    throw new SweepException("manifest " + source.manifest + " task " + index + ": its configuration hashes"
                            + " to " + config.id() + ", not the recorded run id " + t.runId() + " (the file was edited?)");
                }
                summary = t.summary();
                // layout: STORE/submissions/SUB/manifest.json
                store = ResultsStore.openOrCreate(storeDir != null ? storeDir : m.dir().getParent().getParent());
            } else {
                List<PlannedRun> runs = GridExpander.expand(Grid.load(source.grid));
                if (index < 0 || index >= runs.size()) {
                    throw new SweepException("grid " + source.grid + " has runs 0.." + (runs.size() - 1) + ", not " + index);
                }
                config = runs.get(index).config();
                summary = runs.get(index).summary();
                store = ResultsStore.openOrCreate(storeDir != null ? storeDir : Path.of(ResultsStore.DEFAULT_DIR));
            }
            err.printf("sweep-task: run %s (%s %s) into %s%n", config.id(), config.kind(), summary, store.dir());
            err.flush();
            RunAttempt.Result r = RunAttempt.execute(config, store, new LogProgress(err));
            String what = switch (r.outcome()) {
                case RECORDED -> "recorded";
                case ALREADY_DONE -> "already recorded: nothing to do";
                case LOST_RACE -> "computed, but another task recorded it first: result dropped";
                case FAILED -> "FAILED";
                case BUSY -> "being computed by another process";
            };
            err.printf(Locale.ROOT, "sweep-task: run %s %s (%.2f s)%n", config.id(), what, r.seconds());
            if (r.error() != null) {
                r.error().printStackTrace(err);
            }
            err.flush();
            return r.ok() ? 0 : 1;
        } catch (SweepException | StoreException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** Progress for a batch log: a line at most every 30 seconds. */
    private static final class LogProgress implements ProgressReporter {
        private final PrintWriter err;
        private long total;
        private String unit = "";
        private long last;

        LogProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void total(long units, String unitName) {
            total = units;
            unit = unitName;
        }

        @Override
        public void done(long units) {
            long now = System.nanoTime();
            if (now - last > 30_000_000_000L || units == total) {
                last = now;
                err.printf("sweep-task: %d/%d %s%n", units, total, unit);
                err.flush();
            }
        }

        @Override
        public void note(String text) {
            err.println("sweep-task: " + text);
            err.flush();
        }
    }
}
