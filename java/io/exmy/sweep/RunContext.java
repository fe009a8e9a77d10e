package io.exmy.sweep;

import io.exmy.results.ResultsStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a run gets besides its configuration. */
public final class RunContext {
    private final ResultsStore store;
    private final String runId;
    private final ProgressReporter progress;
    private final List<String> notices = new ArrayList<>();
    private String device = "cpu: " + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
            + " cores";

    public RunContext(ResultsStore store, String runId, ProgressReporter progress) {
        this.store = store;
        this.runId = runId;
        this.progress = progress;
    }

    /** The run's own checkpoint directory, {@code STORE/checkpoints/ID/}, created on first call. */
    public Path checkpointDir() {
        return store.checkpointDir(runId);
    }

    /** The run's directory of kept models, {@code STORE/models/ID/}, created on first call. */
    public Path modelDir() {
        return store.modelDir(runId);
    }

    public ProgressReporter progress() {
        return progress;
    }

    /**
     * Tells the user something they should know about this run (where it resumed from, a damaged
     * file moved aside): shown now as a progress note, and kept for the sweep's report of the run.
     */
    public void notice(String text) {
        synchronized (notices) {
            notices.add(text);
        }
        progress.note(text);
    }

    public List<String> notices() {
        synchronized (notices) {
            return List.copyOf(notices);
        }
    }

    /** Moves a damaged file of this run (a checkpoint) to the store's {@code quarantine/}; where it went, or null if gone. */
    public Path quarantine(Path file) {
        return store.quarantine(file).orElse(null);
    }

    public ResultsStore store() {
        return store;
    }

    public String runId() {
        return runId;
    }

    /** Sets the device the record names (e.g. a backend's {@code device()}); default: the CPU. */
    public void device(String description) {
        this.device = description;
    }

    public String device() {
        return device;
    }
}
