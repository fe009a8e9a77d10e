package io.exmy.sweep;

import io.exmy.io.ProcessLock;
import io.exmy.results.ResultsStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of each run of a grid: done (it has a sound record), queued or running (a Slurm task
 * is on it, or a process holds its claim), failed (its task ended without a record, a local
 * attempt threw, or its record file is damaged), or missing (never run, or Slurm no longer knows
 * what became of it).
 */
public final class SweepStatus {
    public enum State {
        DONE, QUEUED, RUNNING, FAILED, MISSING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One run's line: state, details (Slurm task, reason, log), wall time if done. */
    public record Row(PlannedRun run, State state, String detail, double wallSeconds, String slurmTask) {
    }

    public record Report(List<Row> rows, List<Path> staleTemps, String slurmNote) {
        public Map<State, Integer> counts() {
            Map<State, Integer> c = new EnumMap<>(State.class);
            for (Row r : rows) {
                c.merge(r.state(), 1, Integer::sum);
            }
            return c;
        }

        public Row row(String runId) {
            return rows.stream().filter(r -> r.run().id().equals(runId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        }
    }

    private SweepStatus() {
    }

    /** {@code client} null: do not ask Slurm (queued and running then cannot be told apart from missing). */
    public static Report of(List<PlannedRun> runs, ResultsStore store, SlurmClient client) {
        List<String> missing = runs.stream().map(PlannedRun::id).filter(id -> !store.has(id)).toList();
        SlurmRunStates slurm = SlurmRunStates.query(store, missing, client);
        List<Row> rows = new ArrayList<>();
        for (PlannedRun run : runs) {
            rows.add(row(run, store, slurm));
        }
        return new Report(rows, store.staleTemps(ResultsStore.STALE_TEMP_AGE), slurm.unavailable());
    }

    private static Row row(PlannedRun run, ResultsStore store, SlurmRunStates slurm) {
        ResultsStore.Lookup rec = store.lookup(run.id());
        if (rec.done()) {
            String job = rec.record().provenance().path("slurm_job").asText(null);
            return new Row(run, State.DONE, job == null ? "" : "job " + job, rec.record().wallSeconds(), job);
        }
        Optional<ProcessLock.Holder> holder = store.claims().holder(run.id());
        if (holder.isPresent()) {
            return new Row(run, State.RUNNING, "claimed by " + holder.get().describe(), Double.NaN, null);
        }
        if (rec.damaged()) {
            return new Row(run, State.FAILED, "record " + rec.problem() + "; running the sweep again moves it to"
                    + " quarantine/ and computes the run", Double.NaN, null);
        }
        Optional<SlurmRunStates.Submitted> active = slurm.active(run.id());
        if (active.isPresent()) {
            SlurmRunStates.Submitted s = active.get();
            State st = s.state().running() ? State.RUNNING : State.QUEUED;
            return new Row(run, st, "job " + s.task() + (st == State.QUEUED ? ": " + s.state().describe() : ""),
                    Double.NaN, s.task());
        }
        Optional<String> failure = store.failure(run.id());
        Optional<SlurmRunStates.Submitted> latest = slurm.latest(run.id());
        if (latest.isPresent()) {
            SlurmRunStates.Submitted s = latest.get();
            String log = " (log " + s.submission().log(s.index()) + ")";
            if (s.state() != null) {
                String why = s.state().state().equals("COMPLETED") ? "completed without a record" : s.state().describe();
                return new Row(run, State.FAILED, "job " + s.task() + " " + why + failureLine(failure) + log, Double.NaN,
                        s.task());
            }
            if (failure.isPresent()) {
                return new Row(run, State.FAILED, "job " + s.task() + failureLine(failure) + log, Double.NaN, s.task());
            }
            String why = slurm.unavailable() != null ? "Slurm state unknown"
                    : "Slurm no longer knows it (cancelled while pending, or ended long ago)";
            return new Row(run, State.MISSING, "was job " + s.task() + ": " + why, Double.NaN, s.task());
        }
        if (failure.isPresent()) {
            return new Row(run, State.FAILED, failureLine(failure).substring(2), Double.NaN, null);
        }
        return new Row(run, State.MISSING, "", Double.NaN, null);
    }

    private static String failureLine(Optional<String> failure) {
        return failure.map(f -> ": " + f.lines().findFirst().orElse("")).orElse("");
    }
}
