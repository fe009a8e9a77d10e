package io.exmy.cli;

import picocli.CommandLine;

/**
 * Turns user errors into one clear line on stderr and exit code 2; anything else is a bug
 * and keeps its stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            cl.getErr().println("exmy " + cl.getCommandName() + ": " + ex.getMessage());
            return 2;
        }
        ex.printStackTrace(cl.getErr());
        return 1;
    }
}
