package io.exmy.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Provenance;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * Computes one run and stores its record, exactly once: a run whose record exists is skipped
 * before any work, and a result that loses the race to another writer of the same run is
 * dropped. The only place, local or on Slurm, where records are made.
 */
public final class RunAttempt {
    public enum Outcome {
        /** This attempt computed the run and wrote its record. */
        RECORDED,
        /** The record existed already; nothing was computed. */
        ALREADY_DONE,
        /** Computed, but another writer stored the run first; this result was dropped. */
        LOST_RACE,
        /** The run threw; a failure note is in the store. */
        FAILED
    }

    public record Result(Outcome outcome, double seconds, Throwable error) {
        public boolean ok() {
            return outcome != Outcome.FAILED;
        }
    }

    private RunAttempt() {
    }

    public static Result execute(RunConfig config, ResultsStore store, ProgressReporter progress) {
        if (store.has(config.id())) {
            return new Result(Outcome.ALREADY_DONE, 0, null);
        }
        RunKind kind = RunKinds.get(config.kind());
        RunContext ctx = new RunContext(store, config.id(), progress);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        ObjectNode metrics;
        try {
            metrics = kind.run(config, ctx);
            if (metrics == null) {
                throw new IllegalStateException("run kind " + kind.name() + " returned no metrics");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(config, store, e, t0);
        } catch (Exception e) {
            return failed(config, store, e, t0);
        }
        Instant finished = Instant.now();
        Record r = Record.create(config.kind(), config.json(), metrics, Provenance.here(ctx.device(), started, finished));
        boolean mine = store.add(r);
        return new Result(mine ? Outcome.RECORDED : Outcome.LOST_RACE, (System.nanoTime() - t0) / 1e9, null);
    }

    private static Result failed(RunConfig config, ResultsStore store, Exception e, long t0) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String first = trace.toString().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse(e.toString());
        store.noteFailure(config.id(), first);
        return new Result(Outcome.FAILED, (System.nanoTime() - t0) / 1e9, e);
    }
}
