package io.exmy.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a run computes. A kind turns a configuration into metrics; the executors around it make
 * that durable (records), resumable and distributed. Register new kinds in {@link RunKinds}.
 */
public interface RunKind {
    /** The name a grid's {@code kind:} uses. */
    String name();

    /** One line for {@code exmy sweep --help}-style listings. */
    String description();

    /**
     * Checks a configuration from a grid and returns it complete: every setting present, typed,
     * defaults filled in, unknown settings rejected with a {@link ConfigException}. The result is
     * what the run id hashes, so two spellings of one run must normalize to the same JSON.
     */
    ObjectNode normalize(ObjectNode config);

    /**
     * Computes the run and returns its metrics (a JSON object; non-finite numbers are stored as
     * null). Declare where it ran with {@link RunContext#device(String)}. A resumable kind keeps
     * its state under {@link RunContext#checkpointDir()} and picks it up when run again.
     */
    ObjectNode run(RunConfig config, RunContext ctx) throws Exception;
}
