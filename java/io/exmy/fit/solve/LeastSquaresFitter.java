package io.exmy.fit.solve;

/**
 * Plain least squares on log-residuals, sum of (log L_pred - log L)^2, by Commons Math's
 * Levenberg-Marquardt from the best grid points. Fitting log L rather than L weights every
 * point by its relative error, the natural scale for losses that differ by integer factors
 * across model sizes, and matches the residuals of the Huber objective so the two compare.
 */
public final class LeastSquaresFitter implements Fitter {
    private final int starts;

    public LeastSquaresFitter() {
        this(16);
    }

    public LeastSquaresFitter(int starts) {
        this.starts = starts;
    }

    @Override
    public String name() {
        return "least-squares";
    }

    @Override
    public int starts() {
        return starts;
    }

    @Override
    public double objective(FitProblem problem, double[] theta) {
        return problem.sumSquares(theta);
    }

    @Override
    public Optimum local(FitProblem problem, double[] start) {
        return LevenbergMarquardt.minimize(problem, start, ResidualTransform.IDENTITY,
                t -> objective(problem, t), 2_000);
    }
}
