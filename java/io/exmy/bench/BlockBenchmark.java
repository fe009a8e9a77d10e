package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.format.CodeLayout;

/**
 * Throughput of block-scaled quantization of one rows × cols tensor (uploaded once, for every
 * scheme measured on it), against a device-to-device copy of the input measured beside each
 * figure. Fake quantization moves 8 bytes per element (read 4, write 4), exactly as the copy does;
 * quantization to codes reads 4 bytes per element and writes the codes and the scales.
 */
public final class BlockBenchmark implements AutoCloseable {
    private final Backend b;
    private final long rows;
    private final long cols;
    private final DeviceBuffer in;
    private final DeviceBuffer out;

    public BlockBenchmark(Backend b, long rows, long cols) {
        this.b = b;
        this.rows = rows;
        this.cols = cols;
        long n = rows * cols;
        this.in = b.upload(CastBenchmark.data(n, 1));
        this.out = b.allocate(DType.F32, n);
    }

    public BenchResult fakeQuantize(BlockScheme s, int reps) {
        long n = rows * cols;
        int warm = warmup(reps);
        Timing q = Timing.of(b, () -> b.fakeQuantize(in, out, rows, cols, 0, s), warm, reps);
        Timing copy = Timing.of(b, () -> b.copy(in, out), warm, reps);
        double bytes = 8.0 * n;
        return new BenchResult(b.name(), "fake-quantize " + s + " " + rows + "×" + cols, n, q.medianMs, q.minMs,
                bytes / (q.medianMs * 1e6), bytes / (copy.medianMs * 1e6));
    }

    public BenchResult quantize(BlockScheme s, int reps) {
        long n = rows * cols;
        long codeBytes = rows * CodeLayout.bytesPerRow(s.element().format(), cols);
        long scales = s.grid(rows, cols).count();
        DType scaleType = s.scaleFormat().hasCodes() ? DType.U8 : DType.F32;
        try (DeviceBuffer codes = b.allocate(DType.U8, codeBytes); DeviceBuffer sc = b.allocate(scaleType, scales);
             DeviceBuffer ts = b.allocate(DType.F32, 1)) {
            int warm = warmup(reps);
            Timing q = Timing.of(b, () -> b.quantize(in, codes, sc, ts, rows, cols, 0, s), warm, reps);
            Timing copy = Timing.of(b, () -> b.copy(in, out), warm, reps);
            double bytes = 4.0 * n + codeBytes + (double) scales * scaleType.bytes;
            return new BenchResult(b.name(), "quantize " + s + " " + rows + "×" + cols, n, q.medianMs, q.minMs,
                    bytes / (q.medianMs * 1e6), 8.0 * n / (copy.medianMs * 1e6));
        }
    }

    private static int warmup(int reps) {
        return Math.max(1, Math.min(3, reps / 5));
    }

    @Override
    public void close() {
        in.close();
        out.close();
    }
}
