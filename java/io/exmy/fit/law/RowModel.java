package io.exmy.fit.law;

/**
 * A law with its constants bound: evaluates the log of the prediction for one row of
 * precomputed features. Working in log space lets Chinchilla-type laws use log-sum-exp and
 * is what the Huber objective needs anyway.
 */
@FunctionalInterface
public interface RowModel {
    double logPredict(double[] features);
}
