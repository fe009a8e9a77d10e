package io.exmy.data;

import java.util.SplittableRandom;

/**
 * Deterministic batches. Training batch {@code s} is B windows of T+1 tokens at uniformly random
 * starts drawn from a generator seeded by (seed, s) alone, so any step's batch can be recomputed
 * without replaying the ones before it: a checkpoint's data position is just its step number.
 * Validation uses a fixed set of non-overlapping windows from the start of the validation split,
 * the same for every seed, so validation losses of different runs are measured on the same text.
 */
public final class BatchSampler {
    private final int[] train;
    private final int[] validation;
    private final int batchSize;
    private final int context;
    private final long seed;

    public BatchSampler(TokenSplit split, int batchSize, int context, long seed) {
        if (batchSize < 1 || context < 1) {
            throw new IllegalArgumentException("batch size and context must be at least 1, got " + batchSize + " and "
                    + context);
        }
        this.train = split.train();
        this.validation = split.validation();
        this.batchSize = batchSize;
        this.context = context;
        this.seed = seed;
        if (train.length < context + 1) {
            throw new IllegalArgumentException("the training split has " + train.length + " tokens, fewer than one window"
                    + " of context+1 = " + (context + 1) + ": use a larger corpus or a shorter context");
        }
        if (validation.length < context + 1) {
            throw new IllegalArgumentException("the validation split has " + validation.length + " tokens, fewer than one"
                    + " window of context+1 = " + (context + 1) + ": use a larger corpus or a shorter context");
        }
    }

    public int batchSize() {
        return batchSize;
    }

    public int context() {
        return context;
    }

    /** Training batch number {@code step}. */
    public Batch train(long step) {
        SplittableRandom rng = new SplittableRandom(mix(seed, step));
        int span = train.length - context; // starts 0 … span−1 leave room for the last target
        int[] in = new int[batchSize * context];
        int[] tg = new int[batchSize * context];
        for (int b = 0; b < batchSize; b++) {
            int start = rng.nextInt(span);
            System.arraycopy(train, start, in, b * context, context);
            System.arraycopy(train, start + 1, tg, b * context, context);
        }
        return new Batch(batchSize, context, in, tg);
    }

    /** How many validation batches of B windows fit, at most {@code wanted}. */
    public int validationBatches(int wanted) {
        int windows = (validation.length - 1) / context;
        return Math.max(0, Math.min(wanted, windows / batchSize));
    }

    /** Validation batch {@code i}: windows i·B … i·B+B−1, window w starting at token w·T. */
    public Batch validation(int i) {
        int[] in = new int[batchSize * context];
        int[] tg = new int[batchSize * context];
        for (int b = 0; b < batchSize; b++) {
            int start = (i * batchSize + b) * context;
            if (start + context + 1 > validation.length) {
                throw new IllegalArgumentException("validation batch " + i + " runs past the validation split");
            }
            System.arraycopy(validation, start, in, b * context, context);
            System.arraycopy(validation, start + 1, tg, b * context, context);
        }
        return new Batch(batchSize, context, in, tg);
    }

    /** SplitMix64's finalizer over (seed, step): independent streams per step. */
    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
