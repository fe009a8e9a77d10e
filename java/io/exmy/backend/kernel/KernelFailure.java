package io.exmy.backend.kernel;

/** A kernel launch failed, or the emulator caught a kernel bug (deadlock, bad shuffle, …). */
public class KernelFailure extends RuntimeException {
    public KernelFailure(String message) {
        super(message);
    }

    public KernelFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
