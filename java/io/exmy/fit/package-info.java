/**
 * Scaling-law fitting: laws, the expression language, fitters (Huber, least squares,
 * Levenberg–Marquardt), uncertainty (bootstrap, cross-validation), derivations, result tables
 * (Table, TableWriter) and plots (docs/FITTING.md).
 *
 * <p>May use {@code results}, {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit;
