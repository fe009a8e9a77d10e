package io.exmy.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A command line that does not parse: one line saying what was wrong, and where the help is; exit code 2. */
final class ParseErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String cmd = ErrorHandler.commandPath(cl);
        String help = cmd.equals("exmy") ? "exmy --help" : "exmy " + cmd + " --help";
        cl.getErr().println("exmy" + (cmd.equals("exmy") ? "" : " " + cmd) + ": " + message(ex) + "; see `" + help + "`");
        cl.getErr().flush();
        return ErrorHandler.USER_ERROR;
    }

    static String message(ParameterException ex) {
        List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
        if (!(ex instanceof UnmatchedArgumentException) && !unmatched.isEmpty()) {
            // picocli reports a missing option before an unknown one, but "--frmat" is the real mistake
            ex = new UnmatchedArgumentException(ex.getCommandLine(), unmatched);
        }
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            String hint = u.getSuggestions().isEmpty() ? "" : " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            if (arg.startsWith("-")) {
                return "unknown option " + arg + hint;
            }
            boolean takesPositionals = !u.getCommandLine().getCommandSpec().positionalParameters().isEmpty();
            return "unexpected argument '" + arg + "'" + (takesPositionals ? " (too many arguments)" : " (this command takes no "
                    + "arguments besides its options)") + hint;
        }
        // picocli wraps converter failures as "...: cannot convert 'x' to T (java.lang.IllegalArgumentException: why)"
        String m = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        m = m.replaceAll("\\s*\\((java|picocli)\\.[\\w.$]+(Exception|Error): ", " (");
        return ErrorMessages.oneLine(m);
    }
}
