package io.exmy.sweep;

import java.util.Locale;
import java.util.Set;

/**
 * What Slurm says about one array task ({@code JOB_INDEX}): its state as Slurm spells it
 * (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...) and the reason or exit code.
 */
public record SlurmTaskState(String task, String state, String reason) {
    private static final Set<String> QUEUED = Set.of("PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
            "SUSPENDED", "RESV_DEL_HOLD", "STOPPED", "RESIZING");
    private static final Set<String> RUNNING = Set.of("RUNNING", "CONFIGURING", "COMPLETING", "SIGNALING",
            "STAGE_OUT");

    public boolean queued() {
        return QUEUED.contains(state);
    }

    public boolean running() {
        return RUNNING.contains(state);
    }

    /** Still in the queue or running: a run with such a task must not be submitted again. */
    public boolean active() {
        return queued() || running();
    }

    public String describe() {
        String s = state.toLowerCase(Locale.ROOT);
        return reason == null || reason.isBlank() || reason.equals("None") ? s : s + " (" + reason + ")";
    }
}
