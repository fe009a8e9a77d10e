package io.exmy.bench;

import io.exmy.backend.Backend;
import java.util.Arrays;

/** Repeated timing on a backend: warm-up first, then the median and minimum of the repetitions. */
final class Timing {
    final double medianMs;
    final double minMs;

    private Timing(double medianMs, double minMs) {
        this.medianMs = medianMs;
        this.minMs = minMs;
    }

    static Timing of(Backend b, Runnable work, int warmup, int reps) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        b.synchronize();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = b.timeMillis(work);
        }
        Arrays.sort(t);
        return new Timing(t[reps / 2], t[0]);
    }
}
