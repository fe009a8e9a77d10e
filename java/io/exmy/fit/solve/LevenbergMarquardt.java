package io.exmy.fit.solve;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Commons Math's Levenberg-Marquardt on a transformed residual vector g(r_i) sqrt(w_i), where
 * r_i are log-residuals. With g the identity this is plain least squares; with the Huber
 * square-root transform (see {@link ResidualTransform#huber}) half the sum of squares equals
 * the Huber objective exactly, so the same engine minimises Hoffmann et al.'s loss.
 *
 * <p>The Jacobian is by central differences in fit space: the laws have at most eight
 * constants, so that is 16 residual passes per iteration, far cheaper than the thousands of
 * evaluations a derivative-free method needs, and it works for user-written expressions.
 */
final class LevenbergMarquardt {
    private LevenbergMarquardt() {
    }

    /**
     * @param objective the scalar objective reported in the result (sum of Huber or of squares);
     *                  used to keep the best point seen if the optimizer gives up
     */
    static Optimum minimize(FitProblem problem, double[] start, ResidualTransform g,
                            java.util.function.ToDoubleFunction<double[]> objective, int maxEvaluations) {
        int n = problem.size();
        int p = start.length;
        double[] w = problem.weightsOrNull();
        double[] sw = new double[n];
        for (int i = 0; i < n; i++) {
            sw[i] = w == null ? 1 : Math.sqrt(w[i]);
        }
        BestSoFar best = new BestSoFar(objective);
        int[] evaluations = {0};
        LeastSquaresProblem lsp = new LeastSquaresBuilder()
                .start(start)
                .target(new double[n])
                .model(point -> {
                    double[] t = point.toArray();
                    evaluations[0]++;
                    best.value(t);
                    double[] r = problem.residuals(t);
                    double[] value = new double[n];
                    double[][] jac = new double[n][p];
                    for (int i = 0; i < n; i++) {
                        value[i] = sw[i] * g.value(r[i]);
                    }
                    double[] tp = t.clone();
                    for (int j = 0; j < p; j++) {
                        double h = 1e-7 * Math.max(1, Math.abs(t[j]));
                        tp[j] = t[j] + h;
                        h = tp[j] - t[j]; // the step actually taken, exact in binary
                        double[] up = problem.residuals(tp);
                        tp[j] = t[j];
                        for (int i = 0; i < n; i++) {
                            jac[i][j] = sw[i] * g.derivative(r[i]) * (up[i] - r[i]) / h;
                        }
                    }
                    return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
                })
                .lazyEvaluation(false)
                .maxEvaluations(maxEvaluations)
                .maxIterations(maxEvaluations)
                .build();
        LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-12)
                .withParameterRelativeTolerance(1e-12)
                .withOrthoTolerance(1e-12);
        try {
            LeastSquaresOptimizer.Optimum o = lm.optimize(lsp);
            double[] t = o.getPoint().toArray();
            double v = objective.applyAsDouble(t);
            if (best.value() < v) { // LM reports its last accepted point, which is its best; guard anyway
                return new Optimum(best.point(), best.value(), evaluations[0], true, "");
            }
            return new Optimum(t, v, evaluations[0], true, "");
        } catch (TooManyEvaluationsException | TooManyIterationsException e) {
            return new Optimum(best.point(), best.value(), evaluations[0], false,
                    "Levenberg-Marquardt stopped after " + maxEvaluations + " evaluations without converging");
        } catch (MathIllegalStateException e) {
            // Tolerances below machine precision: no further progress is possible, which is convergence.
            return new Optimum(best.point(), best.value(), evaluations[0], true, "");
        }
    }
}
