/**
 * The qerror run kind (QuantErrorKind): a format's quantization error on synthetic data; cheap and
 * real, so sweeps can be exercised end to end.
 *
 * <p>May use {@code sweep}, {@code results}, {@code backend}, {@code backends}, {@code format}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.sweep.qerror;
