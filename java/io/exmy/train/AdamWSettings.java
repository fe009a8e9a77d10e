package io.exmy.train;

/**
 * AdamW's constants (Loshchilov & Hutter) for the {@link Optimizer} (the update itself is
 * {@code io.exmy.ops.AdamW}): decoupled weight decay {@code weightDecay}, applied to
 * the embeddings and the linear layers' weights only (see {@link ParameterLayout}).
 */
public record AdamWSettings(double beta1, double beta2, double eps, double weightDecay) {
    public AdamWSettings {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs 0 <= beta1, beta2 < 1, eps > 0 and weight decay >= 0; got beta1="
                    + beta1 + " beta2=" + beta2 + " eps=" + eps + " weight_decay=" + weightDecay);
        }
    }
}
