package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.experiment.Experiment;
import io.exmy.experiment.ExperimentConfig;
import io.exmy.experiment.ExperimentReport;
import io.exmy.io.BuildInfo;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreException;
import io.exmy.sweep.LocalExecutor;
import io.exmy.sweep.PlannedRun;
import io.exmy.sweep.SweepDisplay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: an experiment — a sweep of quantized training runs on the best backend, the
 * floating-point quantization law and Chinchilla fitted to their losses, and a report. Resumes
 * where it stopped: finished runs are in the results store and are not repeated.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The main job: train a sweep of GPT models with quantized GEMMs, fit the scaling laws to their "
                + "losses and write a report (HTML with plots and tables, plus the raw results).",
            "Without --config, runs the default experiment for the backend (experiments/cpu.yaml, about ten minutes "
                    + "on two cores; experiments/gpu.yaml on a GPU). Interrupted? Run it again: finished runs are kept."})
final class RunCommand implements Callable<Integer>, WritesFiles {
    @Option(names = "--config", paramLabel = "FILE", description = "An experiment file (see --print-config).")
    Path config;

    @Option(names = "--print-config", description = "Print the default experiment for the backend and exit.")
    boolean printConfig;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "exmy-results",
            description = "Results store (default: ${DEFAULT-VALUE}).")
    Path store;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "exmy-report",
            description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOption backend;

    @Override
    public void declare(CommandFiles files) {
        files.reads("--config", config).writesStore("--store", store)
                .writesInto("--out", out, ExperimentReport.FILES);
    }

    @Override
    public Integer call() throws IOException {
        String chosen;
        String device;
        try (Backend b = backend.open()) {
            chosen = b.name();
            device = b.device();
        }
        String defaultName = chosen.equals("cuda") ? "gpu.yaml" : "cpu.yaml";
        String text = config != null ? read(config) : resource(defaultName);
        if (printConfig) {
            System.out.print(text);
            return 0;
        }
        Path source = config != null ? config : Path.of("experiments", defaultName);
        ExperimentConfig cfg;
        try {
            cfg = ExperimentConfig.parse(text, source);
            if (cfg.sweep().kind().equals("train")) { // training runs on the backend chosen here
                cfg = ExperimentConfig.parse(text, source, Map.of("backend", chosen));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("backend", chosen + " — " + device);
        facts.put("configuration", source.toString());
        facts.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        facts.put("commit", BuildInfo.commit());
        facts.put("command", "exmy run" + (config != null ? " --config " + config : "") + " --backend " + backend.name);
        List<PlannedRun> runs = Experiment.plan(cfg);
        boolean newOut = !Files.exists(out);
        requireWritable(out);
        ResultsStore results;
        try {
            results = ResultsStore.openOrCreate(store);
        } catch (RuntimeException e) {
            if (newOut) {
                Files.deleteIfExists(out); // made a moment ago and still empty: leave no trace of a refused run
            }
            throw e;
        }
        System.err.println("exmy run: experiment '" + cfg.name() + "' on " + chosen + "; results in " + store
                + ", report in " + out);
        Experiment.Outcome o;
        try (SweepDisplay display = SweepDisplay.forConsole(new java.io.PrintWriter(System.err, true))) {
            o = Experiment.run(cfg, runs, results, out, display, facts);
        }
        return summarize(o);
    }

    private int summarize(Experiment.Outcome o) {
        LocalExecutor.Summary s = o.sweep();
        ExperimentReport.Summary r = o.report();
        System.out.println("runs: " + s.total() + " (" + s.alreadyDone() + " already done, " + s.recorded() + " now"
                + (s.failures().isEmpty() ? "" : ", " + s.failures().size() + " failed") + ")");
        r.fits().forEach(f -> System.out.println("fit " + f.spec().law() + ": "
                + (f.result().converged() ? "converged" : "not converged (" + f.result().convergenceNote() + ")")
                + ", R² of log L " + io.exmy.fit.base.Formats.number(f.result().r2Log(), 4)));
        r.failedFits().forEach((law, why) -> System.out.println("fit " + law + " failed: " + why));
        System.out.println("report: " + r.index().toAbsolutePath());
        if (!s.failures().isEmpty()) {
            s.failures().forEach(f -> System.err.println("failed run " + f.run().summary() + ": " + f.error().getMessage()));
            return 1;
        }
        return 0;
    }

    /** The report is written after every run has trained: find out now, not hours later, that it cannot be. */
    private static void requireWritable(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the report directory --out " + dir + ": " + io.exmy.io.IoMessages.reason(e), e);
        }
        io.exmy.io.OutputBatch.of(dir.resolve(ExperimentReport.FILES.get(0))).close();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserError("cannot read the experiment file: " + io.exmy.io.IoMessages.describe(e), e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RunCommand.class.getResourceAsStream("/io/exmy/experiments/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the default experiment " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
