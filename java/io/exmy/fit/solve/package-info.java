/**
 * Fitting a law to data: {@link io.exmy.fit.solve.FitProblem}, the fitters (Huber, least squares,
 * Levenberg–Marquardt, the start grid, {@link io.exmy.fit.solve.LawFitter} that drives them),
 * uncertainty (bootstrap, resampling, cross-validation), convergence and identification checks,
 * and {@link io.exmy.fit.solve.FitResult}.
 *
 * <p>May use {@code fit.base}, {@code fit.data}, {@code fit.law} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit.solve;
