package io.exmy.cli.bench;

import io.exmy.backends.Backends;
import io.exmy.bench.BenchResult;
import io.exmy.bench.BlockBenchmark;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Block-scaled quantization throughput per backend, scheme, axis and size: GB/s (fake "
                + "quantization moves 8 bytes per element, as a copy does; --codes adds quantization to codes, "
                + "counting 4 bytes read plus the codes and scales written) beside a device-to-device copy of the "
                + "input measured in the same run, and their ratio.",
            "On the GPU both are timed with CUDA events. The goal on an H100: MX fake quantization at 85%% of copy."})
final class BenchQuantizeCommand implements Callable<Integer> {
    @Mixin
    BenchBackendOptions backendOptions;

    @Range(min = 1, max = 30, what = "log2 of an element count")
    @Option(names = "--sizes", split = ",", paramLabel = "LOG2",
            description = "log2 of the element counts (default: 24,26,28 on cuda; 20,22 elsewhere).")
    List<Integer> sizes;

    @Option(names = "--schemes", split = ",", paramLabel = "S", defaultValue = "mxfp8_e4m3,mxfp4,nvfp4",
            description = "Schemes (presets or text forms; their axis is replaced by --axes). Default: ${DEFAULT-VALUE}.")
    List<String> schemes;

    @Option(names = "--axes", split = ",", paramLabel = "A", defaultValue = "row,col",
            description = "Block axes: row, col. Default: ${DEFAULT-VALUE}.")
    List<String> axes;

    @Range(min = 1, max = 1L << 30, what = "columns")
    @Option(names = "--cols", defaultValue = "4096", paramLabel = "N",
            description = "Columns of the 2-D tensor, a power of two (rows = elements / cols; a tensor smaller than a "
                    + "row is one row). Default: ${DEFAULT-VALUE}.")
    long cols;

    @Option(names = "--codes", description = "Also measure quantization to codes + scales.")
    boolean codes;

    @Range(min = 1, max = 1_000_000, what = "timed repetitions")
    @Option(names = "--reps", defaultValue = "20", description = "Timed repetitions (median reported). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Mixin
    BenchOutput output;


    @Override
    public Integer call() {
        BenchSizes.checkCols(cols);
        List<BlockScheme> list = new ArrayList<>();
        for (String text : schemes) {
            BlockScheme s = BlockSchemes.parse(text);
            for (String a : axes) {
                if (!a.equals("row") && !a.equals("col")) {
                    throw new UserError("--axes " + a + ": use row or col");
                }
                boolean onRows = s.shape().axis() != io.exmy.block.BlockShape.Axis.COL;
                list.add(onRows == a.equals("row") ? s : s.transposed());
            }
        }
        List<BenchResult> results = new ArrayList<>();
        List<String> devices = BenchBackends.measure(backendOptions.backends, List.of("cuda", "host", "java"), b -> {
            String name = b.name();
            List<Integer> logs = sizes != null ? sizes : name.equals("cuda") ? List.of(24, 26, 28) : List.of(20, 22);
            for (int lg : logs) {
                long n = 1L << lg;
                long c = Math.min(cols, n);
                try (BlockBenchmark bench = new BlockBenchmark(b, n / c, c)) {
                    for (BlockScheme s : list) {
                        BenchResult r = bench.fakeQuantize(s, reps);
                        System.err.printf("%s %s: %.3f ms (%.0f%% of copy)%n", name, r.operation(), r.medianMs(),
                                100 * r.ratio());
                        results.add(r);
                        if (codes && s.element().format().hasCodes()) {
                            BenchResult rc = bench.quantize(s, reps);
                            System.err.printf("%s %s: %.3f ms%n", name, rc.operation(), rc.medianMs());
                            results.add(rc);
                        }
                    }
                }
            }
        });
        output.publish("Block quantization throughput", String.join("; ", devices), results);
        return 0;
    }
}
