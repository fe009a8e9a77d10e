/**
 * exmy run: the experiment file and the sweep → fits → report pipeline (docs/EXPERIMENTS.md).
 *
 * <p>May use {@code sweep}, {@code results}, {@code fit}, {@code fit.base}, {@code fit.data}, {@code fit.law}, {@code fit.solve},
 * {@code compare}, {@code report},
 * {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.experiment;
