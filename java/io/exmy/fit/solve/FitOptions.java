package io.exmy.fit.solve;

/**
 * What to compute besides the point estimate.
 *
 * @param bootstrap replicates (0: none)
 * @param level     confidence level of the bootstrap intervals
 * @param holdout   fraction of points held out (0: none)
 * @param looCv     leave-one-out cross-validation
 * @param seed      seeds the bootstrap and the held-out split
 * @param units     what a bootstrap replicate draws (null: the points one by one)
 */
public record FitOptions(int bootstrap, double level, double holdout, boolean looCv, long seed, Resampling units) {
    public FitOptions(int bootstrap, double level, double holdout, boolean looCv, long seed) {
        this(bootstrap, level, holdout, looCv, seed, null);
    }

    public static FitOptions pointOnly() {
        return new FitOptions(0, 0.95, 0, false, 0);
    }
}
