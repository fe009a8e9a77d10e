package io.exmy.cli.bench;

import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.bench.MatmulBenchmark;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.cli.common.BlockSchemeOptions;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.TextTable;
import io.exmy.cli.common.UserError;
import io.exmy.quantized.QuantizedMatmul;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "matmul", mixinStandardHelpOptions = true,
        description = {"Matrix-product throughput per backend on square n×n×n problems (2n³ FLOP each): the exact "
                + "GEMM everywhere; on the GPU also a plain cuBLAS BF16 GEMM on operands already in BF16 and the fast "
                + "quantized matmul including its quantization passes, measured in the same run and printed as "
                + "ratios of the cuBLAS BF16 figure.",
            "On the GPU everything is timed with CUDA events; elsewhere with the wall clock."})
final class BenchMatmulCommand implements Callable<Integer> {
    @Mixin
    BenchBackendOptions backendOptions;

    @Range(min = 1, max = 32768, what = "the matrices' n")
    @Option(names = "--sizes", split = ",", paramLabel = "N",
            description = "Matrix sizes n (default: 1024,2048,4096,8192 on cuda; 256,512,1024 on host; 256,512 on "
                    + "java; 64,128 on emu).")
    List<Integer> sizes;

    @Option(names = "--schemes", split = ",", defaultValue = "mxfp8_e4m3,nvfp4", paramLabel = "S",
            description = "Block schemes of the fast quantized matmul on cuda, each used for both operands."
                    + " Default: ${DEFAULT-VALUE}.")
    List<String> schemes;

    @Range(min = 1, max = 1_000_000, what = "timed repetitions")
    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions (median reported). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Mixin
    BenchOutput output;


    static List<Integer> defaultSizes(String backend) {
        return switch (backend) {
            case "cuda" -> List.of(1024, 2048, 4096, 8192);
            case "host" -> List.of(256, 512, 1024);
            case "emu" -> List.of(64, 128);
            default -> List.of(256, 512);
        };
    }

    @Override
    public Integer call() {
        List<BlockScheme> parsed = new ArrayList<>();
        for (String s : schemes) {
            parsed.add(BlockSchemeOptions.parse("--schemes", s));
        }
        List<MatmulBenchmark.Result> results = new ArrayList<>();
        List<String> devices = BenchBackends.measure(backendOptions.backends, List.of("cuda", "host", "java"), b -> {
            String name = b.name();
            for (int n : sizes != null ? sizes : defaultSizes(b.name())) {
                if (n < 1) {
                    throw new UserError("--sizes must be positive, got " + n);
                }
                results.addAll(measure(b, n, parsed));
            }
        });
        if (results.isEmpty()) {
            throw new UserError("no backend could be measured");
        }
        output.publish("Matmul throughput", String.join("; ", devices), table(results));
        return 0;
    }

    private List<MatmulBenchmark.Result> measure(Backend b, int n, List<BlockScheme> parsed) {
        List<MatmulBenchmark.Result> out = new ArrayList<>();
        String why = b.fastGemmUnavailableReason();
        if (why != null && b.name().equals("cuda")) {
            System.err.println("cuda: no cuBLAS baseline or fast mode: " + why);
        }
        if (why == null) {
            MatmulBenchmark.Result base = log(MatmulBenchmark.cublasBf16(b, n, reps));
            double baseline = base.flops();
            out.add(base.against(baseline));
            out.add(log(MatmulBenchmark.exact(b, n, reps)).against(baseline));
            for (BlockScheme s : parsed) {
                out.add(log(MatmulBenchmark.quantized(b, n, s, s, QuantizedMatmul.Mode.FAST, reps)).against(baseline));
            }
        } else {
            out.add(log(MatmulBenchmark.exact(b, n, reps)));
        }
        return out;
    }

    private static MatmulBenchmark.Result log(MatmulBenchmark.Result r) {
        System.err.printf(Locale.ROOT, "%s %s n=%d: %.3f ms, %.1f GFLOP/s%n", r.backend(), r.operation(), r.n(),
                r.medianMs(), r.flops() / 1e9);
        return r;
    }

    /** FLOP/s in TFLOP/s, or in GFLOP/s when every figure is below one TFLOP/s (the CPUs). */
    static TextTable table(List<MatmulBenchmark.Result> results) {
        boolean tera = results.stream().anyMatch(r -> r.flops() >= 1e12);
        TextTable t = new TextTable("backend", "operation", "n", "median ms", "min ms", tera ? "TFLOP/s" : "GFLOP/s",
                "of cuBLAS BF16");
        for (MatmulBenchmark.Result r : results) {
            t.row(r.backend(), r.operation(), r.n(), BenchReport.fmt(r.medianMs()), BenchReport.fmt(r.minMs()),
                    BenchReport.fmt(r.flops() / (tera ? 1e12 : 1e9)),
                    r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.ratio()));
        }
        return t;
    }
}
