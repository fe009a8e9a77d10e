package io.exmy.cli.bench;

import io.exmy.cli.common.UserError;

/** A size rule of the throughput benchmarks beyond their options' ranges, checked before anything is measured. */
final class BenchSizes {
    private BenchSizes() {
    }

    /**
     * Columns of a 2-D benchmark tensor of 2^LOG2 elements: a power of two, so that the elements fill
     * whole rows (rows = 2^LOG2 / cols) — any other width would leave a remainder out of the tensor.
     */
    static void checkCols(long cols) {
        if (cols < 1 || Long.bitCount(cols) != 1) {
            throw new UserError("--cols " + cols + ": give a power of two (1, 2, 4, … 4096 …), so that the 2^LOG2 "
                    + "elements fill whole rows of it");
        }
    }
}
