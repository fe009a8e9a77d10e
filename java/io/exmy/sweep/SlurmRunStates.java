package io.exmy.sweep;

import io.exmy.results.ResultsStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the store's submissions and Slurm together say about runs: which array tasks were
 * submitted for each run, and what Slurm knows of each (null when it no longer knows the task:
 * a cancelled pending task, or one older than MinJobAge without accounting).
 */
public final class SlurmRunStates {
    /** One submitted task of a run. */
    public record Submitted(SubmissionManifest submission, int index, SlurmTaskState state) {
        public String task() {
            return submission.slurmTask(index);
        }
    }

    private final Map<String, List<Submitted>> byRun;
    private final String unavailable;

    private SlurmRunStates(Map<String, List<Submitted>> byRun, String unavailable) {
        this.byRun = byRun;
        this.unavailable = unavailable;
    }

    /**
     * Looks up the given runs; asks Slurm only about the array jobs that hold one of them.
     * {@code client} null: do not ask Slurm (states stay unknown).
     */
    public static SlurmRunStates query(ResultsStore store, Collection<String> runIds, SlurmClient client) {
        Set<String> wanted = Set.copyOf(runIds);
        List<SubmissionManifest> manifests = SubmissionManifest.loadAll(store);
        Set<String> jobs = new LinkedHashSet<>();
        for (SubmissionManifest m : manifests) {
            if (m.jobId() == null) {
                continue;
            }
            for (SubmissionManifest.Task t : m.tasks()) {
                if (wanted.contains(t.runId())) {
                    jobs.add(m.jobId());
                    break;
                }
            }
        }
        Map<String, SlurmTaskState> states = Map.of();
        String unavailable = null;
        if (!jobs.isEmpty() && client == null) {
            unavailable = "Slurm was not asked";
        } else if (!jobs.isEmpty()) {
            try {
                states = client.tasks(jobs);
            } catch (SweepException e) {
                unavailable = e.getMessage();
            }
        }
        Map<String, List<Submitted>> byRun = new HashMap<>();
        for (SubmissionManifest m : manifests) {
            if (m.jobId() == null) {
                continue;
            }
            for (SubmissionManifest.Task t : m.tasks()) {
                if (wanted.contains(t.runId())) {
                    byRun.computeIfAbsent(t.runId(), k -> new ArrayList<>())
                            .add(new Submitted(m, t.index(), states.get(m.slurmTask(t.index()))));
                }
            }
        }
        return new SlurmRunStates(byRun, unavailable);
    }

    /** Null if Slurm answered (or nothing needed asking), else why its states are unknown. */
    public String unavailable() {
        return unavailable;
    }

    public boolean submitted(String runId) {
        return byRun.containsKey(runId);
    }

    /** A task of this run that is queued or running, if any. */
    public Optional<Submitted> active(String runId) {
        for (Submitted s : byRun.getOrDefault(runId, List.of())) {
            if (s.state() != null && s.state().active()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The run's task in its most recent submission. */
    public Optional<Submitted> latest(String runId) {
        List<Submitted> l = byRun.getOrDefault(runId, List.of());
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }
}
