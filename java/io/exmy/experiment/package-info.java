/**
 * exmy run: the experiment file and the sweep → fits → report pipeline (docs/EXPERIMENTS.md).
 *
 * <p>May use {@code sweep}, {@code results}, {@code fit}, {@code compare}, {@code report},
 * {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.experiment;
