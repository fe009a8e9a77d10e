package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunContext;
import io.exmy.sweep.RunKind;

/**
 * {@code train}: trains one GPT configuration and returns its validation loss, loss curve and
 * throughput. Resumable: it checkpoints into the run's checkpoint directory and continues from
 * there, with the same losses to the bit as an uninterrupted run. Settings: docs/TRAINING.md.
 */
public final class TrainKind implements RunKind {
    public static final String NAME = "train";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "train a GPT language model with quantized GEMMs and record its validation loss";
    }

    /** The configuration as {@link TrainConfigReader} reads it: every check made, every default filled in. */
    @Override
    public ObjectNode normalize(ObjectNode config) {
        return TrainConfigReader.read(config).normalized();
    }

    @Override
    public ObjectNode run(RunConfig config, RunContext ctx) throws Exception {
        return TrainRun.run(config, ctx);
    }
}
