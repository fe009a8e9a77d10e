package io.exmy.cli.bench;

import io.exmy.bench.BenchResult;
import io.exmy.bench.HadamardBenchmark;
import io.exmy.block.BlockShape.Axis;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import io.exmy.transform.HadamardSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "hadamard", mixinStandardHelpOptions = true,
        description = {"Hadamard-transform throughput per backend, size and axis: GB/s (the transform reads and "
                + "writes each element once, 8 bytes, as a copy does) beside a device-to-device copy of the input "
                + "measured in the same run, and their ratio.",
            "Size 16 uses Transformer Engine's signs (16/te), other sizes plain signs; the signs do not change the work. "
                + "On the GPU both are timed with CUDA events."})
final class BenchHadamardCommand implements Callable<Integer> {
    @Mixin
    BenchBackendOptions backendOptions;

    @Mixin
    BenchLog2Sizes sizeOptions;

    @Range(min = 2, max = 256, what = "a power of two")
    @Option(names = "--blocks", split = ",", paramLabel = "N", defaultValue = "16,32,128,256",
            description = "Transform sizes n (powers of two, 2 to 256). Default: ${DEFAULT-VALUE}.")
    List<Integer> blocks;

    @Option(names = "--axes", split = ",", paramLabel = "A", defaultValue = "row,col",
            description = "Axes: row (vectors along rows), col (down columns). Default: ${DEFAULT-VALUE}.")
    List<String> axes;

    @Range(min = 1, max = 1L << 30, what = "columns")
    @Option(names = "--cols", defaultValue = "4096", paramLabel = "N",
            description = "Columns of the 2-D tensor (rows = elements / cols). Default: ${DEFAULT-VALUE}.")
    long cols;

    @Range(min = 1, max = 1_000_000, what = "timed repetitions")
    @Option(names = "--reps", defaultValue = "20", description = "Timed repetitions (median reported). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Mixin
    BenchOutput output;

    @Override
    public Integer call() {
        List<HadamardSpec> specs = new ArrayList<>();
        for (int n : blocks) {
            try {
                specs.add(HadamardSpec.defaultFor(n));
            } catch (IllegalArgumentException e) {
                throw new UserError("--blocks " + n + ": " + e.getMessage(), e);
            }
        }
        List<Axis> axisList = new ArrayList<>();
        for (String a : axes) {
            switch (a) {
                case "row" -> axisList.add(Axis.ROW);
                case "col" -> axisList.add(Axis.COL);
                default -> throw new UserError("--axes " + a + ": use row or col");
            }
        }
        if (sizeOptions.sizes != null) {
            for (int lg : sizeOptions.sizes) {
                check(lg, specs, axisList);
            }
        }
        List<BenchResult> results = new ArrayList<>();
        List<String> devices = BenchBackends.measure(backendOptions.backends, List.of("cuda", "host", "java"), b -> {
            String name = b.name();
            List<Integer> logs = sizeOptions.logs(name);
            for (int lg : logs) {
                long[] shape = check(lg, specs, axisList);
                try (HadamardBenchmark bench = new HadamardBenchmark(b, shape[0], shape[1])) {
                    for (HadamardSpec s : specs) {
                        for (Axis a : axisList) {
                            BenchResult r = bench.transform(s, a, reps);
                            System.err.printf("%s %s: %.3f ms (%.0f%% of copy)%n", name, r.operation(), r.medianMs(),
                                    100 * r.ratio());
                            results.add(r);
                        }
                    }
                }
            }
        });
        output.publish("Hadamard transform throughput", String.join("; ", devices), results);
        return 0;
    }

    /** The rows × cols tensor of 2^lg elements, refused unless every size and axis can transform it. */
    private long[] check(int lg, List<HadamardSpec> specs, List<Axis> axisList) {
        long count = 1L << lg;
        long c = Math.min(cols, count);
        if (count % c != 0) {
            throw new UserError("--cols " + cols + " does not divide 2^" + lg + " elements: use a power of two");
        }
        long r = count / c;
        for (HadamardSpec s : specs) {
            for (Axis a : axisList) {
                long extent = a == Axis.ROW ? c : r;
                if (extent % s.size() != 0) {
                    throw new UserError("--sizes " + lg + " with --cols " + cols + " makes a " + r + " × " + c
                            + " tensor, whose " + extent + (a == Axis.ROW ? " columns" : " rows") + " size " + s.size()
                            + " does not divide (axis " + a.label + "): give larger --sizes or smaller --cols");
                }
            }
        }
        return new long[] {r, c};
    }
}
