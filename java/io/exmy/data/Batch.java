package io.exmy.data;

/** B sequences of T input tokens and the T tokens that follow each (the targets), row-major. */
public record Batch(int batchSize, int context, int[] inputs, int[] targets) {
    public Batch {
        if (inputs.length != batchSize * context || targets.length != batchSize * context) {
            throw new IllegalArgumentException("a batch of " + batchSize + "x" + context + " needs that many inputs and targets");
        }
    }
}
