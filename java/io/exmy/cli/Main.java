package io.exmy.cli;

import io.exmy.cli.bench.BenchCommand;
import io.exmy.cli.common.UserError;
import io.exmy.cli.fit.DeriveCommand;
import io.exmy.cli.fit.FitCommand;
import io.exmy.cli.fit.PredictCommand;
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
                TrainCommand.class, RecipesCommand.class,
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
        CommandLine cl;
        try {
            cl = commandLine();
        } catch (UserError e) { // a JVM option the run kinds refuse
            System.err.println("exmy: " + e.getMessage());
            return ErrorHandler.USER_ERROR;
        }
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) { // picocli passes Errors through
            return ErrorHandler.report(e, cl, java.util.List.of(args));
        }
    }

    public static CommandLine commandLine() {
        HelpLists.publish();
        BuiltInRunKinds.registerAll();
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(io.exmy.format.Format.class, checked(io.exmy.format.Format::parse));
        cl.registerConverter(io.exmy.format.Rounding.class, checked(io.exmy.format.Rounding::parse));
        cl.setExecutionStrategy(new CheckedExecution());
        cl.setParameterExceptionHandler(new ParseErrorHandler());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    /** A converter whose refusal is the parser's own message, without the exception's class name. */
    private static <T> CommandLine.ITypeConverter<T> checked(CommandLine.ITypeConverter<T> c) {
        return s -> {
            try {
                return c.convert(s);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
