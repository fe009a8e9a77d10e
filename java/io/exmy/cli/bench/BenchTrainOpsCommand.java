package io.exmy.cli.bench;

import io.exmy.backends.Backends;
import io.exmy.bench.BenchResult;
import io.exmy.bench.TrainOpsBenchmark;
import io.exmy.bench.TrainOpsBenchmark.Shape;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-ops", mixinStandardHelpOptions = true,
        description = {"Throughput of the training ops (layer norm, GELU, attention softmax, the fused classifier, "
                + "AdamW, …) at a model's shape, per backend: ms, elements/s and GB/s of the fewest bytes each op "
                + "must move, beside a device-to-device copy of the same bytes measured in the same run.",
            "Shapes: small (the CPU target: B=32 T=128 C=128 NH=4 V=256, 0.8M parameters) and gpt2 (124M: B=8 "
                    + "T=1024 C=768 NH=12 V=50257)."})
final class BenchTrainOpsCommand implements Callable<Integer> {
    @Option(names = "--backends", split = ",", paramLabel = "B",
            description = "Backends to measure (default: every available one of cuda, host).")
    List<String> backends;

    @Option(names = "--shape", defaultValue = "small", paramLabel = "S",
            description = "small or gpt2. Default: ${DEFAULT-VALUE}.")
    String shape;

    @Range(min = 1, max = 1_000_000, what = "timed repetitions")
    @Option(names = "--reps", defaultValue = "10", description = "Timed repetitions (median reported). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Mixin
    BenchOutput output;


    @Override
    public Integer call() {
        Shape s = switch (shape) {
            case "small" -> TrainOpsBenchmark.SMALL;
            case "gpt2" -> TrainOpsBenchmark.GPT2;
            default -> throw new UserError("unknown shape '" + shape + "': use small or gpt2");
        };
        List<BenchResult> results = new ArrayList<>();
        List<String> devices = BenchBackends.measure(backends, List.of("cuda", "host"), b -> {
            String name = b.name();
            for (BenchResult r : TrainOpsBenchmark.run(b, s, reps)) {
                System.err.printf("%s %s: %.3f ms%n", name, r.operation(), r.medianMs());
                results.add(r);
            }
        });
        output.publish("Training ops, shape " + s.name() + " (B=" + s.B() + " T=" + s.T() + " C="
                + s.C() + " NH=" + s.NH() + " V=" + s.V() + ")", String.join("; ", devices), results);
        return 0;
    }
}
