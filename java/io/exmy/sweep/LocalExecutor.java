package io.exmy.sweep;

import io.exmy.results.ResultsStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a grid's missing runs one after another in this process. Safe to kill at any moment: each
 * record appears whole or not at all, so a rerun resumes with the first run that has none. Safe
 * beside other sweeps of the same store: a run another process is computing (it holds the run's
 * claim) is passed over, and after its own pass the sweep waits for those runs and computes any
 * that the other process left without a record (killed, or failed).
 */
public final class LocalExecutor {
    /** How a sweep went: counts, and the runs that failed with their errors. */
    public record Summary(int total, int alreadyDone, int recorded, int lostRace, List<Failure> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    public record Failure(PlannedRun run, Throwable error) {
    }

    private LocalExecutor() {
    }

    public static Summary run(List<PlannedRun> runs, ResultsStore store, SweepDisplay display) {
        List<PlannedRun> todo = new ArrayList<>();
        for (PlannedRun r : runs) {
            if (!store.has(r.id())) {
                todo.add(r);
            }
        }
        Tally t = new Tally();
        List<Integer> busy = new ArrayList<>();
        display.begin(todo.size(), runs.size() - todo.size());
        try {
            for (int i = 0; i < todo.size(); i++) {
                PlannedRun r = todo.get(i);
                RunAttempt.Result res = RunAttempt.execute(r.config(), store, display.starting(r, i + 1),
                        RunAttempt.Claiming.TRY);
                if (res.outcome() == RunAttempt.Outcome.BUSY) {
                    busy.add(i);
                } else {
                    t.add(r, res);
                }
                display.finished(r, i + 1, res);
            }
            for (int i : busy) { // computed by another process when this sweep came to them
                PlannedRun r = todo.get(i);
                RunAttempt.Result res = RunAttempt.execute(r.config(), store, display.starting(r, i + 1),
                        RunAttempt.Claiming.WAIT);
                t.add(r, res);
                display.finished(r, i + 1, res);
            }
        } finally {
            display.close();
        }
        return new Summary(runs.size(), runs.size() - todo.size() + t.skippedLate, t.recorded, t.lost, t.failures);
    }

    private static final class Tally {
        int recorded;
        int lost;
        int skippedLate;
        final List<Failure> failures = new ArrayList<>();

        void add(PlannedRun r, RunAttempt.Result res) {
            switch (res.outcome()) {
                case RECORDED -> recorded++;
                case LOST_RACE -> lost++;
                case ALREADY_DONE -> skippedLate++; // another sweep on this store got there meanwhile
                case FAILED -> failures.add(new Failure(r, res.error()));
                case BUSY -> throw new IllegalStateException("a waiting attempt cannot be busy");
            }
        }
    }
}
