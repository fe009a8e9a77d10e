package io.exmy.fit.base;

/**
 * A problem with the data or the request (too few points, non-positive values, missing
 * columns, a fit that did not converge). The message says what was wrong and how to fix it;
 * the CLI reports it as a user error.
 */
public class FitException extends RuntimeException {
    public FitException(String message) {
        super(message);
    }

    public FitException(String message, Throwable cause) {
        super(message, cause);
    }
}
