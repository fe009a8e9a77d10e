package io.exmy.cli.bench;

import io.exmy.backends.Backends;
import io.exmy.bench.TrainBenchmark;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.RecipeNames;
import io.exmy.cli.common.TextTable;
import io.exmy.train.ModelConfig;
import io.exmy.train.QuantTargets;
import io.exmy.train.Recipe;
import io.exmy.train.Recipes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training throughput: full steps (forward, backward, clipped AdamW) of GPT models on random "
                + "tokens; median step time, tokens/s, model FLOPs utilisation (6·N + 6·L·T·C FLOPs per token, see "
                + "docs/TRAINING.md) and the time the given token budget would take."})
final class BenchTrainCommand implements Callable<Integer> {
    @Mixin
    BenchBackendOptions backendOptions;

    @Option(names = "--models", split = ",", defaultValue = "nano,micro,mini,small", paramLabel = "SIZE",
            description = "Named sizes (byte vocabulary unless gpt2*). Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Range(min = 2, max = 1 << 16, what = "tokens of context")
    @Option(names = "--context", paramLabel = "T", description = "Override the models' context.")
    Integer context;

    @Range(min = 1, max = 1 << 20, what = "sequences per step")
    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "B", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--quant", defaultValue = "none", paramLabel = "RECIPE", completionCandidates = RecipeNames.class,
            description = "A built-in recipe (${COMPLETION-CANDIDATES}) with its settings' defaults and --elem, --block"
                    + " where it reads format and block. Default: ${DEFAULT-VALUE}.")
    String quant;

    @Option(names = "--elem", defaultValue = "e4m3", paramLabel = "FORMAT", description = "Default: ${DEFAULT-VALUE}.")
    String elem;

    @Range(min = 1, max = 1 << 20, what = "elements per block")
    @Option(names = "--block", defaultValue = "32", paramLabel = "B", description = "Default: ${DEFAULT-VALUE}.")
    int block;

    @Option(names = "--fast", description = "GEMMs on BF16 tensor cores (cuda only); MFU against the BF16 peak.")
    boolean fast;

    @Range(min = 1, max = 1_000_000, what = "timed steps")
    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (median reported). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Range(min = 0, max = 1_000_000, what = "untimed steps")
    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Range(min = 1, what = "tokens")
    @Option(names = "--tokens", defaultValue = "1000000", paramLabel = "D",
            description = "Token budget for the projected training time. Default: ${DEFAULT-VALUE}.")
    long tokens;

    @Mixin
    BenchOutput output;


    @Override
    public Integer call() {
        Recipe recipe = Recipes.named(quant);
        QuantTargets targets = recipe.targets(recipe.defaults(io.exmy.format.Format.parse(elem), block));
        String quantLabel = recipe.reads().contains("format") ? recipe.name() + " " + elem + " B=" + block
                : recipe.name();
        TextTable t = new TextTable("backend", "model", "N", "N total", "B×T", "quant", "median ms/step", "tokens/s",
                "GFLOP/s", "MFU", "time for " + tokens + " tokens");
        List<String> devices = BenchBackends.measure(backendOptions.backends, List.of("cuda", "host", "java"), b -> {
            String name = b.name();
            for (String m : models) {
                ModelConfig c = ModelConfig.named(m);
                if (context != null) {
                    c = c.withContext(context);
                }
                TrainBenchmark.Result r = TrainBenchmark.run(b, c, batchSize, targets, quantLabel, fast, warmup, steps);
                System.err.printf(Locale.ROOT, "%s %s: %.1f ms/step, %.0f tokens/s%n", name, m, r.medianStepMs(),
                        r.tokensPerS());
                t.row(name + (fast ? " fast" : ""), m, c.nonEmbeddingParameters(), c.parameters(), batchSize + "×" + c.context(), quantLabel,
                        BenchReport.fmt(r.medianStepMs()), String.format(Locale.ROOT, "%.0f", r.tokensPerS()),
                        BenchReport.fmt(r.tokensPerS() * r.flopsPerToken() / 1e9),
                        Double.isNaN(r.mfu()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.mfu()),
                        String.format(Locale.ROOT, "%.0f s", r.secondsFor(tokens)));
            }
        });
        output.publish("Training throughput", String.join("; ", devices), t);
        return 0;
    }
}
