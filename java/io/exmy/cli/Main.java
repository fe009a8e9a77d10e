package io.exmy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code exmy} command line: one subcommand per capability. */
@Command(name = "exmy",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Floating-point quantized training research toolkit.",
        subcommands = {
                CommandLine.HelpCommand.class,
                RunCommand.class,
                DemoCommand.class,
                FormatsCommand.class,
                CastCommand.class,
                DecodeCommand.class,
                MatmulCommand.class,
                QuantizeCommand.class, DequantizeCommand.class, HadamardCommand.class,
                BenchCommand.class,
                FitCommand.class, PredictCommand.class, DeriveCommand.class,
                SweepCommand.class, SweepTaskCommand.class, ResultsCommand.class,
                TrainCommand.class,
                PtqCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(io.exmy.format.Format.class, io.exmy.format.Format::parse);
        cl.registerConverter(io.exmy.format.Rounding.class, io.exmy.format.Rounding::parse);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
