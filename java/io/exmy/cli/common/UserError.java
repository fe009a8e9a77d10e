package io.exmy.cli.common;

/** A problem with the user's input that the message explains; printed without a stack trace. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
