package io.exmy.cli;

import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The one error path of every command: a user error is one line on stderr and exit code 2; an
 * internal error (a bug) is one line naming a log file with the stack trace, and exit code 1.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        return report(ex, cl, parsed == null ? java.util.List.of() : parsed.originalArgs());
    }

    static int report(Throwable ex, CommandLine cl, java.util.List<String> args) {
        String prefix = "exmy " + commandPath(cl) + ": ";
        String user = ErrorMessages.userMessage(ex);
        if (user != null) {
            cl.getErr().println(prefix + user);
            cl.getErr().flush();
            return USER_ERROR;
        }
        Path log = CrashLog.write(ex, commandPath(cl), args);
        cl.getErr().println(prefix + "internal error: " + ErrorMessages.oneLine(String.valueOf(ex))
                + (log != null ? " (a bug in exmy; the stack trace is in " + log + ")" : " (a bug in exmy)"));
        cl.getErr().flush();
        return INTERNAL_ERROR;
    }

    /** "results export" for a subcommand of a subcommand. */
    static String commandPath(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName(" ");
        return q.startsWith("exmy ") ? q.substring(5) : q;
    }
}
