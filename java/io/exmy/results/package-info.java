/**
 * The results store: append-only checksummed records written atomically (ResultsStore, Record,
 * RunId), per-run claims, quarantine, verification (StoreAudit) and export (docs/SWEEPS.md).
 *
 * <p>May use {@code io} (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.results;
