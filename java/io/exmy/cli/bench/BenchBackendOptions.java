package io.exmy.cli.bench;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --backends} option that the cast, hadamard, quantize, matmul and train benchmarks share
 * (issue 17: each option declared once, as a picocli mixin). trainops keeps its own, whose default
 * list differs (no java backend).
 */
final class BenchBackendOptions {
    @Option(names = "--backends", split = ",", paramLabel = "B",
            description = "Backends to measure (default: every available one of cuda, host, java).")
    List<String> backends;
}
