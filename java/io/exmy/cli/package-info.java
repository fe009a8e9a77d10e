/**
 * The exmy command line (Main) and its commands: the checked front every command passes first
 * (CheckedExecution), the one error path (ErrorHandler, ParseErrorHandler), and the built-in run
 * kinds it registers (BuiltInRunKinds).
 *
 * <p>May use every other package (nothing uses it) (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.cli;
