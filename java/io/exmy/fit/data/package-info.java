/**
 * The points a law is fitted to: {@link io.exmy.fit.data.Dataset} (named columns, derived
 * columns, filters), {@link io.exmy.fit.data.DataReader} (CSV and results-store readers) and
 * {@link io.exmy.fit.data.DataRecipe} (how a fit file names its data).
 *
 * <p>May use {@code fit.base}, {@code fit.expr}, {@code results} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit.data;
