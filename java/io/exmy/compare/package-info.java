/**
 * Paired comparisons of runs for exmy results compare and the report: cells and pairs on the seed
 * (PairedComparison, Pivot), paired standard errors, t and sign tests (PairedStats).
 *
 * <p>May use {@code fit}, {@code fit.base}, {@code fit.data} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.compare;
