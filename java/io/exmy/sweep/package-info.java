/**
 * Sweeps: grids and their expansion, the RunKind interface and its registry (RunKinds, filled
 * from above: this package names no kind), one run's exactly-once attempt (RunAttempt), the local
 * executor (progress, resume) and the Slurm executor (docs/SWEEPS.md).
 *
 * <p>May use {@code results}, {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.sweep;
