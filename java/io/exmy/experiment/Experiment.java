package io.exmy.experiment;

import io.exmy.io.ProcessLock;
import io.exmy.results.ResultsStore;
import io.exmy.sweep.GridExpander;
import io.exmy.sweep.LocalExecutor;
import io.exmy.sweep.PlannedRun;
import io.exmy.sweep.SweepDisplay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job: run an experiment's sweep (skipping runs already in the store, so an interrupted
 * experiment resumes where it stopped), then fit its laws and write the report. One experiment
 * per store at a time: a second one on the same store is refused, naming the process that holds it.
 */
public final class Experiment {
    private Experiment() {
    }

    /** What happened, for the command line. */
    public record Outcome(LocalExecutor.Summary sweep, ExperimentReport.Summary report) {
    }

    /** The experiment's runs, each checked: call it before making a store for them. */
    public static List<PlannedRun> plan(ExperimentConfig cfg) {
        return GridExpander.expand(cfg.sweep());
    }

    public static Outcome run(ExperimentConfig cfg, List<PlannedRun> runs, ResultsStore store, Path reportDir,
                              SweepDisplay display, Map<String, String> facts) throws IOException {
        try (ProcessLock one = store.claims().experiment(store.dir())) { // one exmy run per store at a time
            long t0 = System.nanoTime();
            LocalExecutor.Summary sweep = LocalExecutor.run(runs, store, display);
            Map<String, String> about = new LinkedHashMap<>(facts);
            about.put("sweep", runs.size() + " runs: " + sweep.alreadyDone() + " found in the store, " + sweep.recorded()
                    + " computed now in " + Math.round((System.nanoTime() - t0) / 1e9) + " s"
                    + (sweep.failures().isEmpty() ? "" : ", " + sweep.failures().size() + " failed"));
            ExperimentReport.Summary report = ExperimentReport.write(cfg, store, reportDir, about);
            return new Outcome(sweep, report);
        }
    }
}
