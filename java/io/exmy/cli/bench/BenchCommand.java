package io.exmy.cli.bench;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput benchmarks: programs that report figures, with device, date, commit and command.",
        subcommands = {BenchCastCommand.class, BenchMatmulCommand.class, BenchQuantizeCommand.class, BenchHadamardCommand.class,
                BenchTrainCommand.class, BenchTrainOpsCommand.class, BenchFitCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
