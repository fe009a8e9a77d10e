package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockShape.Axis;
import io.exmy.transform.HadamardSpec;

/**
 * Throughput of the Hadamard transform of one rows × cols tensor (uploaded once, for every size and
 * axis measured on it), against a device-to-device copy of the input measured beside each figure.
 * The transform reads each element once and writes it once: 8 bytes per element, as the copy.
 */
public final class HadamardBenchmark implements AutoCloseable {
    private final Backend b;
    private final long rows;
    private final long cols;
    private final DeviceBuffer in;
    private final DeviceBuffer out;

    public HadamardBenchmark(Backend b, long rows, long cols) {
        this.b = b;
        this.rows = rows;
        this.cols = cols;
        long n = rows * cols;
        this.in = b.upload(CastBenchmark.data(n, 1));
        this.out = b.allocate(DType.F32, n);
    }

    public BenchResult transform(HadamardSpec spec, Axis axis, int reps) {
        long n = rows * cols;
        int warm = Math.max(1, Math.min(3, reps / 5));
        Timing t = Timing.of(b, () -> b.hadamard(in, out, rows, cols, axis, spec), warm, reps);
        Timing copy = Timing.of(b, () -> b.copy(in, out), warm, reps);
        double bytes = 8.0 * n;
        return new BenchResult(b.name(), "hadamard " + spec + " " + axis.label + " " + rows + "×" + cols, n, t.medianMs,
                t.minMs, bytes / (t.medianMs * 1e6), bytes / (copy.medianMs * 1e6));
    }

    @Override
    public void close() {
        in.close();
        out.close();
    }
}
