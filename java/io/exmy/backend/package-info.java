/**
 * The one checked front every caller uses (Backend: memory and every op family, CastOps, …,
 * TrainOps, each argument checked once by Checks and TrainChecks) over a Device: memory and one
 * raw-call interface per op family, all a backend implements. Knows no device of its own.
 *
 * <p>May use {@code format}, {@code block}, {@code transform}, {@code ops}, {@code matmul}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.backend;
