/**
 * The fitting commands: exmy fit, predict and derive, and the data, law and output options they
 * share.
 *
 * <p>May use {@code cli.common}, {@code fit}, {@code fit.base}, {@code fit.data}, {@code fit.law},
 * {@code fit.solve} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.cli.fit;
