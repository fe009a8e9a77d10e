package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * One rows × cols float32 tensor, uploaded once, and an output buffer of its size: the fixture of
 * the benchmarks of ops that stream a tensor (block quantization, the Hadamard transform). Each
 * figure is reported beside a device-to-device copy of the input timed right after it, so that a
 * ratio to the memory system's own speed is read off every row.
 */
final class TensorFixture implements AutoCloseable {
    final Backend b;
    final long rows;
    final long cols;
    final DeviceBuffer in;
    final DeviceBuffer out;

    TensorFixture(Backend b, long rows, long cols) {
        this.b = b;
        this.rows = rows;
        this.cols = cols;
        this.in = b.upload(CastBenchmark.data(elements(), 1));
        this.out = b.allocate(DType.F32, elements());
    }

    long elements() {
        return rows * cols;
    }

    static int warmup(int reps) {
        return Math.max(1, Math.min(3, reps / 5));
    }

    Timing time(Runnable op, int reps) {
        return Timing.of(b, op, warmup(reps), reps);
    }

    /** The copy of {@code in} to {@code out}: 8 bytes per element. */
    Timing copy(int reps) {
        return time(() -> b.copy(in, out), reps);
    }

    /** An op that reads and writes each element once (8 bytes, as the copy), timed, then the copy. */
    BenchResult streaming(String operation, Runnable op, int reps) {
        Timing t = time(op, reps);
        Timing copy = copy(reps);
        double bytes = 8.0 * elements();
        return new BenchResult(b.name(), operation + " " + rows + "×" + cols, elements(), t.medianMs, t.minMs,
                bytes / (t.medianMs * 1e6), bytes / (copy.medianMs * 1e6));
    }

    @Override
    public void close() {
        in.close();
        out.close();
    }
}
