package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Runs the command that was asked for, after the checks every command shares: option ranges
 * ({@link Range}) and the files it reads and writes ({@link WritesFiles}). Both happen before the
 * command does anything, so a refused command line has changed nothing.
 */
final class CheckedExecution implements CommandLine.IExecutionStrategy {
    @Override
    public int execute(ParseResult parsed) throws CommandLine.ExecutionException, CommandLine.ParameterException {
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine cl = last.commandSpec().commandLine();
        OptionRanges.check(cl);
        CommandFiles files = new CommandFiles();
        declare(last.commandSpec(), files);
        try {
            files.check();
        } catch (UserError e) {
            throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** The files of a command and of its mixins (shared option groups such as --out/--plots). */
    static void declare(CommandLine.Model.CommandSpec spec, CommandFiles files) {
        if (spec.userObject() instanceof WritesFiles w) {
            w.declare(files);
        }
        for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
            declare(mixin, files);
        }
    }
}
