package io.exmy.fit.solve;

/**
 * Out-of-sample prediction error: RMSE of log L and mean absolute percentage error of L on
 * points the fit did not see.
 */
public record Validation(String kind, int trainPoints, int testPoints, double rmseLog, double meanAbsPctError,
                         int failedFits) {
}
