package io.exmy.data;

/** A corpus cannot be obtained here (no npm, no network, a download that fails its checksum); the message says what to do. */
public final class DataUnavailableException extends RuntimeException {
    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
