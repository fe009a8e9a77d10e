package io.exmy.train;

import io.exmy.sweep.RunConfig;

/**
 * Everything that defines a training run, parsed and checked once from a {@code train}
 * configuration ({@link TrainConfigReader}, which {@link TrainKind} normalizes with too). The
 * settings and their defaults are documented in docs/TRAINING.md.
 */
public record TrainSettings(String modelName, ModelConfig model, String tokenizer, String corpus, double valFraction,
                            int batchSize, long tokens, double lr, double lrFloor, int warmupSteps, double beta1,
                            double beta2, double eps, double weightDecay, double gradClip, long seed, int evalEvery,
                            int evalBatches, QuantSettings quant, String backend, boolean fast, String saveAt) {

    /** A normalized configuration's settings. */
    public static TrainSettings of(RunConfig c) {
        return TrainConfigReader.read(c.json()).settings();
    }

    static int vocabOf(String tokenizer) {
        return io.exmy.data.Tokenizer.named(tokenizer).vocabSize();
    }

    /** The quantized operands of every linear layer: the recipe's, then {@code quant_ops}. */
    public QuantTargets targets() {
        return quant.targets();
    }

    /** How the attention keys and values are quantized (by the recipe; only {@code kumar} of the built-in ones does). */
    public KvQuant kvQuant() {
        return quant.kv();
    }

    /** Whether the LM head's GEMMs are quantized like the linear layers'. */
    public boolean quantHead() {
        return quant.head();
    }

    /** Tokens per optimizer step: B sequences of T. */
    public long tokensPerStep() {
        return (long) batchSize * model.context();
    }

    /** Optimizer steps: the token budget rounded up to whole steps. */
    public int steps() {
        return Math.toIntExact((tokens + tokensPerStep() - 1) / tokensPerStep());
    }

    /** D: the tokens actually trained on (whole steps). */
    public long trainedTokens() {
        return steps() * tokensPerStep();
    }

    public LrSchedule schedule() {
        return new LrSchedule(lr, warmupSteps, steps(), lrFloor);
    }

    public AdamWSettings adamw() {
        return new AdamWSettings(beta1, beta2, eps, weightDecay);
    }
}
