package io.exmy.ops;

/**
 * The hyperparameters of one AdamW step (Loshchilov &amp; Hutter's decoupled weight decay), as every
 * backend applies them. The update of each parameter p with gradient g and moments m, v, every
 * operation a float32 operation rounded as written, left to right:
 *
 * <pre>
 *   g  = grad · gradScale
 *   m  = beta1·m + (1 − beta1)·g
 *   v  = beta2·v + (1 − beta2)·(g·g)
 *   p  = p − lr · ((m / bc1) / (sqrt(v / bc2) + eps) + weightDecay · p)
 * </pre>
 *
 * with {@code 1 − beta} rounded to float once and the bias corrections {@code bc1 = 1 − beta1^step},
 * {@code bc2 = 1 − beta2^step} computed in double with {@link StrictMath#pow} (the same on every JVM)
 * and rounded to float once, here, so that every backend receives the same numbers.
 *
 * @param step        the 1-based step number (bias correction)
 * @param gradScale   gradient multiplier, e.g. the clip factor of {@link GradClip#factor}; 1 for none
 * @param weightDecay decoupled weight decay; 0 for parameters that do not want it (biases, norms)
 */
public record AdamWStep(float learningRate, float beta1, float beta2, float eps, float weightDecay, int step,
                        float gradScale) {

    public AdamWStep {
        if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("AdamW learning rate must be finite and non-negative, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW betas must lie in [0, 1), got beta1=" + beta1 + " beta2=" + beta2
                    + " (typical: 0.9 and 0.95)");
        }
        if (!(eps > 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("AdamW eps must be positive and finite, got " + eps + " (typical: 1e-8)");
        }
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("AdamW weight decay must be finite and non-negative, got " + weightDecay);
        }
        if (step < 1) {
            throw new IllegalArgumentException("AdamW step numbers start at 1 (bias correction), got " + step);
        }
        if (!(gradScale >= 0) || Float.isInfinite(gradScale)) {
            throw new IllegalArgumentException("AdamW gradient scale must be finite and non-negative, got " + gradScale);
        }
    }

    /** This step with another weight decay (0 for biases and layer-norm parameters). */
    public AdamWStep withWeightDecay(float wd) {
        return new AdamWStep(learningRate, beta1, beta2, eps, wd, step, gradScale);
    }

    /** 1 − beta1, rounded to float. */
    public float oneMinusBeta1() {
        return 1.0f - beta1;
    }

    public float oneMinusBeta2() {
        return 1.0f - beta2;
    }

    /** 1 − beta1^step. */
    public float biasCorrection1() {
        return (float) (1.0 - StrictMath.pow(beta1, step));
    }

    /** 1 − beta2^step. */
    public float biasCorrection2() {
        return (float) (1.0 - StrictMath.pow(beta2, step));
    }

    /**
     * The bits of the floats every backend's update reads, in the field order of {@code exmy_adamw_params}
     * ({@code cuda/exmy_train.cuh}), for the native calls and kernel launches.
     */
    public int[] words() {
        float[] f = {learningRate, beta1, beta2, oneMinusBeta1(), oneMinusBeta2(), biasCorrection1(),
            biasCorrection2(), eps, weightDecay, gradScale};
        int[] w = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            w[i] = Float.floatToRawIntBits(f[i]);
        }
        return w;
    }
}
