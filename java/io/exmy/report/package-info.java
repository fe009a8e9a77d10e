/**
 * The self-contained HTML report (HtmlReport): tables and embedded PNG plots in one file.
 *
 * <p>May use {@code fit}, {@code fit.base}, {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.report;
