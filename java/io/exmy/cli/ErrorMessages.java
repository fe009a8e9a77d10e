package io.exmy.cli;

import io.exmy.backend.BackendUnavailableException;
import io.exmy.cli.common.UserError;
import io.exmy.data.DataUnavailableException;
import io.exmy.fit.base.FitException;
import io.exmy.io.IoMessages;
import io.exmy.results.StoreException;
import io.exmy.sweep.SweepException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Which failures are the user's to fix, and their one-line message. A user error says what was wrong
 * and how to fix it; anything else is a bug in exmy, reported by {@link ErrorHandler} with a log file.
 */
final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The one-line message of a user error, or null if {@code t} is an internal error. */
    static String userMessage(Throwable t) {
        if (t instanceof UserError || t instanceof FitException || t instanceof StoreException
                || t instanceof SweepException || t instanceof BackendUnavailableException
                || t instanceof DataUnavailableException || t instanceof IllegalArgumentException) {
            return oneLine(t.getMessage() != null ? t.getMessage() : t.toString());
        }
        if (t instanceof UncheckedIOException u) {
            String m = u.getMessage();
            boolean own = m != null && !m.equals(String.valueOf(u.getCause())); // not just the cause's toString
            return oneLine(own ? m : IoMessages.describe(u.getCause()));
        }
        if (t instanceof IOException e) {
            return oneLine(IoMessages.describe(e));
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (the Java heap holds at most " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): give the JVM more with EXMY_JAVA_OPTS=-Xmx<size> (bin/exmy), or work on smaller inputs";
        }
        return null;
    }

    /** Messages are printed on one line: line breaks inside become "; ". */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
