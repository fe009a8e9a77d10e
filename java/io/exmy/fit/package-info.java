/**
 * Scaling-law fitting, the top of it: fit files ({@link io.exmy.fit.FitFile}), result tables
 * ({@link io.exmy.fit.FitTables}, {@link io.exmy.fit.Table}, {@link io.exmy.fit.TableWriter}),
 * derivations, plots and synthetic data for the tests (docs/FITTING.md). Below it, each with one
 * job: {@code fit.base} (the exception and number formats), {@code fit.expr} (the expression
 * language), {@code fit.data} (datasets and their readers), {@code fit.law} (the laws) and
 * {@code fit.solve} (the fitters and uncertainty).
 *
 * <p>May use {@code fit.base}, {@code fit.data}, {@code fit.law}, {@code fit.solve}, {@code io}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit;
