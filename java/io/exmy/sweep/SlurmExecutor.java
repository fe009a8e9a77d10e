package io.exmy.sweep;

import io.exmy.io.AtomicFiles;
import io.exmy.results.ResultsStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits a grid's runs as Slurm job arrays, one task per run. Each task runs
 * {@code exmy sweep-task --manifest M --index $SLURM_ARRAY_TASK_ID}, which computes its run and
 * creates the record; the store, not Slurm, is the truth about what is done.
 */
public final class SlurmExecutor {
    /** Slurm's default MaxArraySize is 1001 (indices 0..1000); larger sweeps become several arrays. */
    public static final int MAX_ARRAY = 1000;

    /**
     * What a submission would do: {@code toSubmit} goes to Slurm; the others are skipped because
     * they are recorded, still queued or running, or (without --resubmit) were submitted before.
     */
    public record Plan(List<PlannedRun> toSubmit, int done, List<PlannedRun> active, List<PlannedRun> submittedBefore,
                       String slurmNote) {
    }

    private SlurmExecutor() {
    }

    /**
     * Chooses the runs to submit. Plain: runs with no record that were never submitted (a repeated
     * submit is harmless). Resubmit: runs with no record and no queued or running task (failed,
     * cancelled, lost or never submitted), which needs Slurm's answer.
     */
    public static Plan plan(List<PlannedRun> runs, ResultsStore store, SlurmClient client, boolean resubmit) {
        List<PlannedRun> missing = new ArrayList<>();
        for (PlannedRun r : runs) {
            if (!store.has(r.id())) {
                missing.add(r);
            }
        }
        SlurmRunStates states = SlurmRunStates.query(store, missing.stream().map(PlannedRun::id).toList(), client);
        boolean anySubmitted = missing.stream().anyMatch(r -> states.submitted(r.id()));
        if (resubmit && anySubmitted && states.unavailable() != null) {
            throw new SweepException("cannot tell which runs are still queued or running, so nothing was resubmitted: "
                    + states.unavailable());
        }
        List<PlannedRun> toSubmit = new ArrayList<>();
        List<PlannedRun> active = new ArrayList<>();
        List<PlannedRun> before = new ArrayList<>();
        for (PlannedRun r : missing) {
            if (states.active(r.id()).isPresent()) {
                active.add(r);
            } else if (!resubmit && states.submitted(r.id())) {
                before.add(r);
            } else {
                toSubmit.add(r);
            }
        }
        return new Plan(toSubmit, runs.size() - missing.size(), active, before, states.unavailable());
    }

    /** Submits the plan's runs (in arrays of at most {@link #MAX_ARRAY}); returns the manifests written. */
    public static List<SubmissionManifest> submit(Plan plan, Grid grid, ResultsStore store, SlurmOptions options,
                                                  SlurmClient client) {
        List<SubmissionManifest> out = new ArrayList<>();
        List<PlannedRun> todo = plan.toSubmit();
        for (int from = 0; from < todo.size(); from += MAX_ARRAY) {
            List<PlannedRun> chunk = todo.subList(from, Math.min(todo.size(), from + MAX_ARRAY));
            out.add(submitArray(chunk, grid, store, options, client));
        }
        return out;
    }

    private static SubmissionManifest submitArray(List<PlannedRun> runs, Grid grid, ResultsStore store,
                                                  SlurmOptions options, SlurmClient client) {
        SubmissionManifest m = SubmissionManifest.create(store, grid.name(), grid.source(), runs);
        Path script = m.dir().resolve("job.sh");
        try {
            AtomicFiles.writeString(script, batchScript(m, options));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new SweepException("cannot write " + script + ": " + e.getMessage(), e);
        }
        m.save(); // before sbatch: a task may start before sbatch even returns
        List<String> args = sbatchArgs(m, grid, options, runs.size(), script);
        String job;
        try {
            job = client.submit(args);
        } catch (SweepException e) {
            ResultsStore.deleteTree(m.dir()); // nothing was queued: leave no trace for status to misread
            throw e;
        }
        SubmissionManifest done = m.submitted(job, args);
        done.save();
        return done;
    }

    static List<String> sbatchArgs(SubmissionManifest m, Grid grid, SlurmOptions options, int tasks, Path script) {
        List<String> a = new ArrayList<>();
        a.add("--array=0-" + (tasks - 1) + (options.maxParallel() != null ? "%" + options.maxParallel() : ""));
        a.add("--job-name=exmy-" + grid.name().replaceAll("\\s+", "_"));
        a.add("--output=" + m.dir().resolve("logs") + "/%A_%a.out");
        a.add("--chdir=" + Path.of("").toAbsolutePath());
        a.addAll(options.resourceArgs());
        a.add(script.toString());
        return a;
    }

    /** The array task's script: start exmy on this task's manifest entry. */
    static String batchScript(SubmissionManifest m, SlurmOptions options) {
        String launcher = options.exmyCommand() != null ? options.exmyCommand()
                : quote(javaBinary()) + " $EXMY_JAVA_OPTS -cp " + quote(classPath()) + " io.exmy.cli.Main";
        return "#!/usr/bin/env bash\n"
                + "# exmy sweep submission " + m.submission() + ": array task I computes tasks[I] of manifest.json\n"
                + "# beside this file and creates its record (or finds it there and stops).\n"
                + "set -eu\n"
                + "if [ -z \"${EXMY_JAVA_OPTS:-}\" ]; then\n"
                + "  # the JVM cannot see Slurm's memory limit without cgroups: size the heap from it\n"
                + "  if [ -n \"${SLURM_MEM_PER_NODE:-}\" ]; then EXMY_JAVA_OPTS=\"-Xmx$((SLURM_MEM_PER_NODE * 3 / 4))m\";"
                + " else EXMY_JAVA_OPTS=\"-XX:MaxRAMPercentage=25\"; fi\n"
                + "  EXMY_JAVA_OPTS=\"$EXMY_JAVA_OPTS -Djava.awt.headless=true\"\n"
                + "fi\n"
                + "export EXMY_JAVA_OPTS\n"
                + "exec " + launcher + " sweep-task --manifest " + quote(m.file().toString())
                + " --index \"${SLURM_ARRAY_TASK_ID:?not a Slurm array task}\"\n";
    }

    /**
     * The java of this JVM: tasks run the build and JDK that submitted them (on a shared file
     * system), not whatever a compute node's PATH finds.
     */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path with every entry absolute (the task's working directory may differ). */
    static String classPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    /** Single-quotes a word for the shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
