package io.exmy.results;

/** A results store that is missing, unreadable or damaged; the message says which file and what to do. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
