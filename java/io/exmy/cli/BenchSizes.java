package io.exmy.cli;

import java.util.List;

/** The size options the throughput benchmarks share, checked before anything is measured. */
final class BenchSizes {
    /** 2^30 elements: a benchmark's tensor is one Java array and one op call (at most 2^31 − 1 elements). */
    static final int MAX_LOG2 = 30;

    private BenchSizes() {
    }

    static void check(List<Integer> sizes, int reps) {
        if (sizes != null) {
            for (int lg : sizes) {
                if (lg < 0 || lg > MAX_LOG2) {
                    throw new UserError("--sizes " + lg + ": give log2 element counts from 0 to " + MAX_LOG2);
                }
            }
        }
        if (reps < 1) {
            throw new UserError("--reps " + reps + ": give at least 1 timed repetition");
        }
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
