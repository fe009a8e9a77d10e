package io.exmy.ops;

/** Global gradient-norm clipping from the sum of squares that {@code TrainOps#sumOfSquares} computes. */
public final class GradClip {
    private GradClip() {
    }

    /** The global norm sqrt(sumOfSquares), correctly rounded. */
    public static float norm(float sumOfSquares) {
        return ExmyMath.sqrt(sumOfSquares);
    }

    /**
     * The factor that scales the gradients to a global norm of at most {@code maxNorm}: maxNorm / norm when
     * the norm exceeds it, else 1, as llm.c (GPT-2 clips at 1.0): an infinite norm gives 0, a NaN norm 1.
     */
    public static float factor(float norm, float maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the clipping norm must be positive, got " + maxNorm);
        }
        return norm > maxNorm ? maxNorm / norm : 1.0f;
    }
}
