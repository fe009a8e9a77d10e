/**
 * The scaling laws: {@link io.exmy.fit.law.Law} with its {@link io.exmy.fit.law.Parameter}s and
 * {@link io.exmy.fit.law.LawColumn}s, the built-in laws (Chinchilla, Kumar's training, PTQ and
 * unified laws with their effective parameters, Sun's FP law, Ouyang's QiD law, recipe
 * efficiency), laws written as expressions, the pinned, tied and constrained wrappers, and the
 * {@link io.exmy.fit.law.Laws} registry.
 *
 * <p>May use {@code fit.base}, {@code fit.data}, {@code fit.expr} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit.law;
