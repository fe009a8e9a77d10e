package io.exmy.fit;

/**
 * What to compute besides the point estimate.
 *
 * @param bootstrap replicates (0: none)
 * @param level     confidence level of the bootstrap intervals
 * @param holdout   fraction of points held out (0: none)
 * @param looCv     leave-one-out cross-validation
 * @param seed      seeds the bootstrap and the held-out split
 */
public record FitOptions(int bootstrap, double level, double holdout, boolean looCv, long seed) {
    public static FitOptions pointOnly() {
        return new FitOptions(0, 0.95, 0, false, 0);
    }
}
