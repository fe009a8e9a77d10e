package io.exmy.cli;

import io.exmy.data.DataUnavailableException;
import io.exmy.results.StoreException;
import io.exmy.sweep.SweepException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The error of a single run that failed ({@code exmy train}, {@code exmy ptq}): bad settings, missing
 * data, an unwritable or damaged file are the user's to fix and become one line ({@link UserError});
 * anything else is a bug and keeps its stack trace.
 */
final class RunFailures {
    private RunFailures() {
    }

    static RuntimeException of(String what, String id, Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof DataUnavailableException || e instanceof StoreException
                || e instanceof SweepException || e instanceof IOException || e instanceof UncheckedIOException) {
            return new UserError(e.getMessage(), e);
        }
        return new IllegalStateException(what + " run " + id + " failed: " + e, e);
    }
}
