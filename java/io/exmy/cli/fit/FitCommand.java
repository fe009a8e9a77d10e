package io.exmy.cli.fit;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.Derivations;
import io.exmy.fit.law.ExpressionLaw;
import io.exmy.fit.FitFile;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.FitTables;
import io.exmy.fit.solve.Fitter;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.law.Law;
import io.exmy.fit.solve.LawFitter;
import io.exmy.fit.law.Laws;
import io.exmy.fit.solve.LeastSquaresFitter;
import io.exmy.fit.Plots;
import io.exmy.fit.solve.Resampling;
import io.exmy.fit.law.SunFpLaw;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code exmy fit}: fits a scaling law to measured losses and reports constants, uncertainty and plots. */
@Command(name = "fit",
        description = {"Fit a scaling law to measured losses (CSV, or the harness's results.jsonl).",
                "Laws: chinchilla, sun, kumar, kumar-ptq, kumar-unified, ouyang, recipe-efficiency, expr (with --expr). See docs/FITTING.md."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class FitCommand implements Callable<Integer>, WritesFiles {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV file with a header row, a .jsonl results file, or a results store directory (exmy sweep).")
    Path dataFile;

    @Option(names = "--law", required = true, paramLabel = "LAW",
            description = "chinchilla, sun, kumar, kumar-ptq, kumar-unified, ouyang, recipe-efficiency or expr.")
    String lawId;

    @Mixin
    FitDataOptions data;

    @Option(names = "--expr", paramLabel = "EXPRESSION",
            description = "For --law expr: the law, e.g. 'E + A/N^alpha + B/D^beta'. Names that are data columns are inputs; the others are constants.")
    String expression;

    @Option(names = "--param", paramLabel = "NAME=V1,V2,...",
            description = "For --law expr: initial values of a constant for the grid of initialisations. Repeatable.")
    Map<String, String> grids = new LinkedHashMap<>();

    @Option(names = "--positive", split = ",", paramLabel = "NAME",
            description = "For --law expr: constants that must be positive (fitted as logarithms).")
    List<String> positive = new ArrayList<>();

    @Option(names = "--method", defaultValue = "huber", paramLabel = "METHOD",
            description = "huber (Hoffmann et al.'s robust objective, default) or lsq (least squares on log L).")
    String method;

    @Option(names = "--optimizer", defaultValue = "lm", paramLabel = "NAME",
            description = "For --method huber: lm (Levenberg-Marquardt, default) or bobyqa.")
    String optimizer;

    @Range(min = 0, minExclusive = true, what = "the Huber loss's delta")
    @Option(names = "--huber-delta", defaultValue = "1e-3", paramLabel = "DELTA", description = "Huber delta (default 1e-3).")
    double huberDelta;

    @Range(min = 0, max = 1_000_000, what = "0: every grid point")
    @Option(names = "--starts", defaultValue = "16", paramLabel = "K",
            description = "Local optimizations from the K best grid points (0: from every grid point). Default 16.")
    int starts;

    @Range(min = 0, max = 1_000_000, what = "replicates; 0: none")
    @Option(names = "--bootstrap", defaultValue = "0", paramLabel = "K", description = "Bootstrap replicates for confidence intervals.")
    int bootstrap;

    @Option(names = "--bootstrap-by", paramLabel = "COLUMN",
            description = {"Resample whole clusters of points that share COLUMN's value (e.g. metrics.train_run: "
                    + "every point of one training run), so that the intervals carry the variation between "
                    + "training seeds; default: the points one by one. Needs --bootstrap."})
    String bootstrapBy;

    @Option(names = "--bootstrap-strata", paramLabel = "COLUMN",
            description = {"With --bootstrap-by: draw the clusters within each value of COLUMN separately (e.g. "
                    + "metrics.model), as many as each has, so that every replicate keeps every stratum."})
    String bootstrapStrata;

    @Range(min = 0, max = 1, minExclusive = true, maxExclusive = true, what = "a confidence level")
    @Option(names = "--level", defaultValue = "0.95", paramLabel = "P", description = "Confidence level of the intervals (default 0.95).")
    double level;

    @Range(min = 0, max = 1, maxExclusive = true, what = "a fraction of the points")
    @Option(names = "--holdout", defaultValue = "0", paramLabel = "F", description = "Hold out fraction F of the points and report the prediction error on them.")
    double holdout;

    @Option(names = "--loo", description = "Report leave-one-out prediction error.")
    boolean loo;

    @Range(what = "any 64-bit integer")
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the bootstrap and the held-out split (default 1).")
    long seed;

    @Option(names = "--fix", split = ",", paramLabel = "NAME[=VALUE]",
            description = {"Hold constants fixed instead of fitting them: NAME=VALUE, or NAME alone for the law's "
                    + "published value (e.g. --fix delta,nu for sun when E and M do not vary independently). "
                    + "Repeatable or comma-separated."})
    List<String> fix = new ArrayList<>();

    @Option(names = "--fix-from", paramLabel = "FIT.json",
            description = {"Hold every constant a saved fit shares with this law (by name) at its saved value, e.g. "
                    + "the Chinchilla constants of a fit to the reference recipe under --law recipe-efficiency. "
                    + "--fix overrides single constants."})
    Path fixFrom;

    @Option(names = "--untie", split = ",", paramLabel = "NAME",
            description = {"Fit a constant that the published fit tied to another as a constant of its own "
                    + "(kumar, kumar-unified: --untie beta fits beta apart from alpha). Repeatable or comma-separated."})
    List<String> untie = new ArrayList<>();

    @Option(names = "--save", paramLabel = "FIT.json", description = "Save the fitted law for exmy predict/derive --fit.")
    Path save;

    @Option(names = "--plot-x", defaultValue = "D", paramLabel = "COLUMN",
            description = "Input on the x axis of the loss plot (default D, else the law's first input).")
    String plotX;

    @Mixin
    FitOutputOptions output;

    @Override
    public void declare(CommandFiles files) {
        files.reads("DATA", dataFile).reads("--fix-from", fixFrom).writes("--save", save);
    }

    @Override
    public Integer call() throws Exception {
        try (FitOutputOptions o = output) {
            return run();
        }
    }

    private Integer run() throws Exception {
        boolean userLaw = lawId.equals(ExpressionLaw.ID);
        Law builtIn = null;
        String target;
        if (userLaw) {
            if (expression == null) {
                throw new UserError("--law expr needs --expr, e.g. --expr 'E + A/N^alpha + B/D^beta' --positive E,A,B");
            }
            target = data.target != null ? data.target : "loss";
        } else {
            if (expression != null || !grids.isEmpty() || !positive.isEmpty()) {
                throw new UserError("--expr, --param and --positive apply to --law expr only");
            }
            builtIn = Laws.builtIn(lawId);
            target = builtIn.target();
        }
        if (bootstrap == 1) {
            throw new UserError("--bootstrap must be 0 (none) or at least 2, got " + bootstrap);
        }
        if (bootstrapBy != null && bootstrap == 0) {
            throw new UserError("--bootstrap-by needs --bootstrap K (replicates), e.g. --bootstrap 200");
        }
        if (bootstrapStrata != null && bootstrapBy == null) {
            throw new UserError("--bootstrap-strata needs --bootstrap-by COLUMN (the clusters to draw within each stratum)");
        }
        Dataset dataset = data.load(dataFile, target);
        Law law = userLaw
                ? ExpressionLaw.forColumns(expression, target, dataset.numericColumns(), positive, parsedGrids())
                : builtIn.forData(dataset);
        List<String> held = new ArrayList<>();
        if (fixFrom != null) {
            held.addAll(FitFile.sharedConstants(FitFile.read(fixFrom), Laws.forFit(law, untie, List.of())));
        }
        held.addAll(fix); // after, so that --fix wins
        law = Laws.forFit(law, untie, held);
        String x = plotColumn(law);
        FitProblem problem = FitProblem.of(law, dataset, data.dropsNonPositive());
        Resampling units = bootstrapBy == null ? null : Resampling.clusters(dataset, problem, bootstrapBy, bootstrapStrata);
        FitResult result = LawFitter.fit(problem, fitter(), new FitOptions(bootstrap, level, holdout, loo, seed, units),
                dataFile.toString());
        if (!result.converged()) {
            // the tables help to see why; nothing is written to files
            spec.commandLine().getOut().print(output.render(FitTables.of(result)));
            spec.commandLine().getOut().flush();
            throw new UserError("the fit did not converge: " + result.convergenceNote()
                    + ". Check the column mapping and units, add data, try --starts 0 (every grid point) or --optimizer bobyqa"
                    + (output.out() != null || save != null || output.plots != null ? "; no file was written" : ""));
        }
        output.print(FitTables.of(result), spec.commandLine().getOut());
        if (save != null) {
            FitFile.write(output.file(save), result);
        }
        writePlots(problem, result, x);
        output.commit();
        return 0;
    }

    /** The loss plot's x axis: --plot-x if the law reads that input, the law's first input if --plot-x was not given. */
    private String plotColumn(Law law) {
        List<String> inputs = law.columnNames();
        if (inputs.contains(plotX)) {
            return plotX;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--plot-x")) {
            throw new UserError("--plot-x " + plotX + ": law " + law.id() + " reads " + inputs + "; plot against one of them");
        }
        return inputs.isEmpty() ? null : inputs.get(0);
    }

    private Map<String, double[]> parsedGrids() {
        Map<String, double[]> g = new LinkedHashMap<>();
        grids.forEach((k, v) -> g.put(k, FitCliSupport.values(k, v)));
        return g;
    }

    private Fitter fitter() {
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "huber" -> new HuberFitter(huberDelta, starts, HuberFitter.Optimizer.parse(optimizer));
            case "lsq", "least-squares", "ls" -> new LeastSquaresFitter(starts);
            default -> throw new UserError("unknown --method '" + method + "'; use huber or lsq");
        };
    }

    private void writePlots(FitProblem problem, FitResult r, String x) throws Exception {
        Path p = output.plot("observed_vs_predicted.png");
        if (p == null) {
            return;
        }
        Law law = r.law();
        Plots.observedVsPredicted(problem, r.estimates(), p);
        if (x != null) {
            Plots.lossVsInput(problem, r.estimates(), x, output.plot(law.target() + "_vs_" + sanitize(x) + ".png"));
        }
        if (Laws.base(law) instanceof SunFpLaw) {
            Plots.emSplit(new Derivations(law, r.estimates()), 2, 16, output.plot("em_split.png"));
        }
    }

    static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
