package io.exmy.cli.bench;

import io.exmy.cli.common.Range;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --sizes LOG2} option of the cast and hadamard benchmarks, declared once as a picocli
 * mixin (issue 17), with the per-backend default those two commands share.
 */
final class BenchLog2Sizes {
    @Range(min = 1, max = 30, what = "log2 of an element count")
    @Option(names = "--sizes", split = ",", paramLabel = "LOG2",
            description = "log2 of the element counts (default: 20,24,26,28 on cuda; 20,22,24 elsewhere).")
    List<Integer> sizes;

    /** The log2 sizes to measure on {@code backend}: the given ones, or that backend's default. */
    List<Integer> logs(String backend) {
        return sizes != null ? sizes : backend.equals("cuda") ? List.of(20, 24, 26, 28) : List.of(20, 22, 24);
    }
}
