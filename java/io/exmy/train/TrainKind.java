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
    /** Seconds between checkpoints unless a command says otherwise. */
    public static final double CHECKPOINT_SECONDS = 60;

    private final double checkpointSeconds;

    /** Checkpoints at most every {@link #CHECKPOINT_SECONDS}. */
    public TrainKind() {
        this(CHECKPOINT_SECONDS);
    }

    /**
     * Checkpoints at most every {@code checkpointSeconds} (0: after every step), handed to the
     * trainer in {@link Trainer.Options}; never changes a result, so not part of the configuration.
     */
    public TrainKind(double checkpointSeconds) {
        if (!(checkpointSeconds >= 0)) {
            throw new IllegalArgumentException("the checkpoint interval must be a number of seconds >= 0, got "
                    + checkpointSeconds);
        }
        this.checkpointSeconds = checkpointSeconds;
    }

    public double checkpointSeconds() {
        return checkpointSeconds;
    }

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
        return TrainRun.run(config, ctx, checkpointSeconds);
    }
}
