package io.exmy.fit.law;

/**
 * A training law in which one precision can stand for every tensor, as Kumar et al. set
 * P_w = P_a = P_kv = P for the compute-optimal precision under C = k P N D
 * ({@link Derivations#computeOptimal}).
 */
public interface PrecisionTrainingLaw extends Law {
    /** The law's input columns for N parameters, D tokens and every tensor trained at {@code bits}, no post-training quantization. */
    double[] columnsAt(double n, double d, double bits);

    /** The lowest precision at which the law predicts anything, for its full natural-scale constants. */
    double precisionFloor(double[] constants);
}
