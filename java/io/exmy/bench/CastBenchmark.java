package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import java.util.SplittableRandom;

/**
 * Throughput of the fake-quantized cast: 4 bytes read and 4 written per element, against a
 * device-to-device copy of the same 8 bytes per element measured in the same run.
 */
public final class CastBenchmark {
    private CastBenchmark() {
    }

    /** Normal(0, 1)·scale data: real values (never zeros, which hide bugs and can time faster). */
    static float[] data(long n, long seed) {
        float[] x = new float[Math.toIntExact(n)];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 4.0);
        }
        return x;
    }

    public static BenchResult run(Backend b, CastSpec spec, long n, int reps) {
        float[] x = data(n, 1);
        try (DeviceBuffer in = b.upload(x); DeviceBuffer out = b.allocate(DType.F32, n)) {
            int warm = Math.max(1, Math.min(3, reps / 5));
            Timing cast = Timing.of(b, () -> b.cast(in, out, n, 0, spec), warm, reps);
            Timing copy = Timing.of(b, () -> b.copy(in, out), warm, reps);
            double bytes = 8.0 * n;
            return new BenchResult(b.name(), "cast " + spec, n, cast.medianMs, cast.minMs, bytes / (cast.medianMs * 1e6),
                    bytes / (copy.medianMs * 1e6));
        }
    }
}
