package io.exmy.cli.bench;

import io.exmy.backends.Backends;
import io.exmy.bench.BenchResult;
import io.exmy.bench.CastBenchmark;
import io.exmy.cli.common.Range;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cast", mixinStandardHelpOptions = true,
        description = {"Cast throughput per backend and size: elements/s and GB/s (4 bytes read + 4 written per "
                + "element), beside a device-to-device copy of the same bytes measured in the same run.",
            "On the GPU both are timed with CUDA events."})
final class BenchCastCommand implements Callable<Integer> {
    @Mixin
    BenchBackendOptions backendOptions;

    @Mixin
    BenchLog2Sizes sizeOptions;

    @Option(names = {"-f", "--format"}, defaultValue = "e4m3", paramLabel = "F", description = "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--rounding", split = ",", defaultValue = "rne,sr", paramLabel = "R",
            description = "Roundings to measure. Default: ${DEFAULT-VALUE}.")
    List<Rounding> roundings;

    @Range(min = 1, max = 1_000_000, what = "timed repetitions")
    @Option(names = "--reps", defaultValue = "20", description = "Timed repetitions (median reported). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Mixin
    BenchOutput output;


    @Override
    public Integer call() {
        List<BenchResult> results = new ArrayList<>();
        List<String> devices = BenchBackends.measure(backendOptions.backends, List.of("cuda", "host", "java"), b -> {
            String name = b.name();
            List<Integer> logs = sizeOptions.logs(name);
            for (int lg : logs) {
                for (Rounding r : roundings) {
                    CastSpec s = new CastSpec(format, r, false, false, 1);
                    BenchResult res = CastBenchmark.run(b, s, 1L << lg, reps);
                    System.err.printf("%s %s 2^%d: %.3f ms%n", name, s, lg, res.medianMs());
                    results.add(res);
                }
            }
        });
        output.publish("Cast throughput", String.join("; ", devices), results);
        return 0;
    }
}
