package io.exmy.results;

import io.exmy.io.IoMessages;
import io.exmy.io.ProcessLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One writer per run: {@code STORE/claims/ID.lock}, an operating-system lock held by the process
 * that computes run ID (see {@link ProcessLock}). The system releases it when that process ends,
 * however it ends; the file names the holder (pid, host, start) for messages. A claim taken must
 * be followed by a fresh look for the run's record: another process may have recorded the run
 * between the first look and the claim.
 */
public final class RunClaims {
    /** How often a waiting process tries again for a claim. */
    public static final long POLL_MILLIS = 250;
    private static final String EXPERIMENT = "exmy-run";

    private final Path dir;

    RunClaims(Path dir) {
        this.dir = dir;
    }

    public Path file(String id) {
        if (!RunId.isValid(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a run id");
        }
        return dir.resolve(id + ".lock");
    }

    /** The claim on run {@code id}, or empty if another process (or thread) holds it. */
    public Optional<ProcessLock> tryClaim(String id) {
        try {
            return ProcessLock.tryAcquire(file(id));
        } catch (IOException e) {
            throw cannot(file(id), e);
        }
    }

    /** Waits for the claim on run {@code id}; {@code waiting} hears who holds it, if anyone does. */
    public ProcessLock await(String id, Consumer<ProcessLock.Holder> waiting) throws InterruptedException {
        try {
            return ProcessLock.await(file(id), POLL_MILLIS, waiting);
        } catch (IOException e) {
            throw cannot(file(id), e);
        }
    }

    /** Who is computing run {@code id} now, if anyone. */
    public Optional<ProcessLock.Holder> holder(String id) {
        try {
            return ProcessLock.holder(file(id));
        } catch (IOException e) {
            throw cannot(file(id), e);
        }
    }

    /**
     * The store's experiment lock ({@code claims/exmy-run.lock}): one {@code exmy run} per store.
     * Throws a {@link StoreException} naming the holder when another one has it.
     */
    public ProcessLock experiment(Path store) {
        Path f = dir.resolve(EXPERIMENT + ".lock");
        try {
            Optional<ProcessLock> l = ProcessLock.tryAcquire(f);
            if (l.isPresent()) {
                return l.get();
            }
            String who = ProcessLock.holder(f).map(ProcessLock.Holder::describe).orElse("a process that just ended");
            throw new StoreException("results store " + store + " is in use by another exmy run (" + who + ", lock "
                    + f + "): wait for it to finish, or give this one its own --store and --out");
        } catch (IOException e) {
            throw cannot(f, e);
        }
    }

    private static StoreException cannot(Path f, IOException e) {
        return new StoreException("cannot take the claim " + f + ": " + IoMessages.describe(e)
                + " (the results store must be writable by every process that computes runs into it)", e);
    }
}
