/**
 * The expression language of fit files: {@link io.exmy.fit.expr.Expression} parses, checks and
 * compiles the formulas of derived columns and user-written laws (docs/FITTING.md).
 *
 * <p>May use {@code fit.base} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.fit.expr;
