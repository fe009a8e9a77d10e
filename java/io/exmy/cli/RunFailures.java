package io.exmy.cli;

import io.exmy.cli.common.UserError;

/**
 * The error of a single run that failed ({@code exmy train}, {@code exmy ptq}): what {@link ErrorMessages}
 * counts as the user's to fix (bad settings, missing data, an unwritable or damaged file) becomes one
 * line ({@link UserError}); anything else is a bug, reported with its trace by {@link ErrorHandler}.
 */
final class RunFailures {
    private RunFailures() {
    }

    static RuntimeException of(String what, String id, Throwable e) {
        String user = ErrorMessages.userMessage(e);
        return user != null ? new UserError(user, e) : new IllegalStateException(what + " run " + id + " failed: " + e, e);
    }
}
