/**
 * The ground every part of fitting stands on: {@link io.exmy.fit.base.FitException} (the one
 * exception of the fit packages) and {@link io.exmy.fit.base.Formats} (how numbers are printed).
 *
 * <p>May use no other exmy package (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit.base;
