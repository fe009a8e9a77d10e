package io.exmy.cli.bench;

import io.exmy.bench.FitBenchmark;
import io.exmy.bench.FitBenchmark.Result;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.TextTable;
import io.exmy.cli.common.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"How long a scaling-law fit takes: each law fitted cold to synthetic points drawn from its "
                + "published constants (Huber objective, grid of initialisations included). The goal is 1,000 "
                + "points of any law in under 5 s on two cores."})
final class BenchFitCommand implements Callable<Integer> {
    @Option(names = "--laws", split = ",", paramLabel = "LAW",
            description = "Laws to time (default: all of chinchilla, sun, kumar, kumar-ptq, kumar-unified, ouyang, recipe-efficiency, expr).")
    List<String> laws;

    @Range(min = 20, max = 10_000_000, what = "a fit needs more points than constants")
    @Option(names = "--points", defaultValue = "1000", description = "Points per fit. Default: ${DEFAULT-VALUE}.")
    int points;

    @Range(what = "any 64-bit integer")
    @Option(names = "--seed", defaultValue = "11", description = "Seed of the synthetic data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BenchOutput output;


    @Override
    public Integer call() {
        List<String> ids = laws != null ? laws : FitBenchmark.laws();
        for (String id : ids) {
            if (!FitBenchmark.laws().contains(id)) {
                throw new UserError("unknown law '" + id + "': use any of " + String.join(", ", FitBenchmark.laws()));
            }
        }
        List<Result> results = new ArrayList<>();
        for (String id : ids) {
            Result r = FitBenchmark.run(id, points, seed);
            System.err.printf(Locale.ROOT, "%s: %.2f s%n", id, r.seconds());
            results.add(r);
        }
        TextTable t = new TextTable("law", "points", "start points", "seconds", "converged", "R² of log L");
        for (Result r : results) {
            t.row(r.law(), r.points(), r.gridSize(), String.format(Locale.ROOT, "%.2f", r.seconds()),
                    r.converged() ? "yes" : "no", String.format(Locale.ROOT, "%.4f", r.r2Log()));
        }
        String device = "CPU, " + Runtime.getRuntime().availableProcessors() + " cores (" + System.getProperty("os.arch") + ")";
        output.publish("Scaling-law fit time", device, t);
        return results.stream().allMatch(Result::converged) ? 0 : 1;
    }
}
