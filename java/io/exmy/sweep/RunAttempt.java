package io.exmy.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.io.ProcessLock;
import io.exmy.results.Provenance;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.results.RunClaims;
import io.exmy.results.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Computes one run and stores its record, exactly once: a run whose record exists is skipped
 * before any work; otherwise the run's claim ({@link RunClaims}) is taken, so that no other process
 * computes it at the same time, and the record looked for again. A record file that is damaged is
 * moved to the store's quarantine and the run computed again. The only place, local or on Slurm,
 * where records are made.
 */
public final class RunAttempt {
    public enum Outcome {
        /** This attempt computed the run and wrote its record. */
        RECORDED,
        /** The record existed already (or another process made it while this one waited); nothing was computed. */
        ALREADY_DONE,
        /** Computed, but another writer stored the run first; this result was dropped. */
        LOST_RACE,
        /** The run threw; a failure note is in the store. */
        FAILED,
        /** Another process (or thread) holds the run's claim and computes it; nothing was done (only with {@link Claiming#TRY}). */
        BUSY
    }

    /** What to do when another process holds the run's claim. */
    public enum Claiming {
        /** Return {@link Outcome#BUSY} at once. */
        TRY,
        /** Wait until it is released, then look for the record and compute the run if there is none. */
        WAIT
    }

    /** How it went; {@code notes} are what the user should hear (a damaged file moved aside, where a run resumed). */
    public record Result(Outcome outcome, double seconds, Throwable error, List<String> notes) {
        public Result(Outcome outcome, double seconds, Throwable error) {
            this(outcome, seconds, error, List.of());
        }

        public boolean ok() {
            return outcome != Outcome.FAILED;
        }
    }

    private RunAttempt() {
    }

    /** Computes the run, waiting for its claim if another process holds it. */
    public static Result execute(RunConfig config, ResultsStore store, ProgressReporter progress) {
        return execute(config, store, progress, Claiming.WAIT);
    }

    public static Result execute(RunConfig config, ResultsStore store, ProgressReporter progress, Claiming claiming) {
        return execute(null, config, store, progress, claiming);
    }

    /**
     * The same with the run kind given rather than looked up by the configuration's kind name: a
     * command that runs one kind with its own options (e.g. {@code exmy train --checkpoint-seconds})
     * hands its instance down instead of changing the registered one.
     */
    public static Result execute(RunKind kind, RunConfig config, ResultsStore store, ProgressReporter progress) {
        if (!kind.name().equals(config.kind())) {
            throw new IllegalArgumentException("run kind " + kind.name() + " given for a " + config.kind() + " run");
        }
        return execute(kind, config, store, progress, Claiming.WAIT);
    }

    private static Result execute(RunKind given, RunConfig config, ResultsStore store, ProgressReporter progress,
                                  Claiming claiming) {
        long t0 = System.nanoTime();
        String id = config.id();
        ProcessLock claim;
        try {
            if (store.has(id)) {
                return new Result(Outcome.ALREADY_DONE, 0, null);
            }
            RunClaims claims = store.claims();
            if (claiming == Claiming.TRY) {
                Optional<ProcessLock> c = claims.tryClaim(id);
                if (c.isEmpty()) {
                    String who = claims.holder(id).map(ProcessLock.Holder::describe).orElse("another process");
                    return new Result(Outcome.BUSY, 0, null, List.of("being computed by " + who));
                }
                claim = c.get();
            } else {
                claim = claims.await(id, h -> progress.note("run " + id + " is being computed by " + h.describe()
                        + "; waiting for it to finish"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(config, store, e, t0, List.of());
        } catch (StoreException e) {
            return failed(config, store, e, t0, List.of());
        }
        Result r = null;
        try {
            r = claimed(given, config, store, progress, t0);
            return r;
        } finally {
            if (r != null && r.outcome() != Outcome.FAILED) {
                claim.closeAndDelete(); // the record exists: whoever locks the old file next finds it
            } else {
                claim.close();
            }
        }
    }

    /** With the claim held: look again, move a damaged record aside, compute, record. */
    private static Result claimed(RunKind given, RunConfig config, ResultsStore store, ProgressReporter progress,
                                  long t0) {
        RunContext ctx = new RunContext(store, config.id(), progress);
        ObjectNode metrics;
        Instant started;
        try {
            ResultsStore.Lookup found = store.lookup(config.id());
            if (found.done()) {
                return new Result(Outcome.ALREADY_DONE, 0, null); // recorded by another process meanwhile
            }
            if (found.damaged()) {
                Path moved = ctx.quarantine(found.file());
                ctx.notice("record " + found.file() + " " + found.problem() + (moved == null ? "" : ": moved to " + moved)
                        + "; computing run " + config.id() + " again");
            }
            RunKind kind = given != null ? given : RunKinds.get(config.kind());
            started = Instant.now();
            metrics = kind.run(config, ctx);
            if (metrics == null) {
                throw new IllegalStateException("run kind " + kind.name() + " returned no metrics");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(config, store, e, t0, ctx.notices());
        } catch (Exception e) {
            return failed(config, store, e, t0, ctx.notices());
        }
        Instant finished = Instant.now();
        Record r = Record.create(config.kind(), config.json(), metrics, Provenance.here(ctx.device(), started, finished));
        boolean mine = store.add(r);
        return new Result(mine ? Outcome.RECORDED : Outcome.LOST_RACE, (System.nanoTime() - t0) / 1e9, null,
                ctx.notices());
    }

    private static Result failed(RunConfig config, ResultsStore store, Exception e, long t0, List<String> notes) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String first = trace.toString().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse(e.toString());
        try {
            store.noteFailure(config.id(), first);
        } catch (StoreException cannotNote) {
            e.addSuppressed(cannotNote); // an unwritable store: the run's own error says more
        }
        return new Result(Outcome.FAILED, (System.nanoTime() - t0) / 1e9, e, notes);
    }
}
