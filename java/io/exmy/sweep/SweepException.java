package io.exmy.sweep;

/**
 * A sweep that cannot go on because of its input or its environment: a bad grid file, a missing
 * {@code sbatch}, a damaged manifest. The message says where and what is expected.
 */
public class SweepException extends RuntimeException {
    public SweepException(String message) {
        super(message);
    }

    public SweepException(String message, Throwable cause) {
        super(message, cause);
    }
}
