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
    private final TensorFixture t;

    public BlockBenchmark(Backend b, long rows, long cols) {
        this.t = new TensorFixture(b, rows, cols);
    }

    public BenchResult fakeQuantize(BlockScheme s, int reps) {
        return t.streaming("fake-quantize " + s, () -> t.b.fakeQuantize(t.in, t.out, t.rows, t.cols, 0, s), reps);
    }

    public BenchResult quantize(BlockScheme s, int reps) {
        Backend b = t.b;
        long n = t.elements();
        long codeBytes = t.rows * CodeLayout.bytesPerRow(s.element().format(), t.cols);
        long scales = s.grid(t.rows, t.cols).count();
        DType scaleType = s.scaleFormat().hasCodes() ? DType.U8 : DType.F32;
        try (DeviceBuffer codes = b.allocate(DType.U8, codeBytes); DeviceBuffer sc = b.allocate(scaleType, scales);
             DeviceBuffer ts = b.allocate(DType.F32, 1)) {
            Timing q = t.time(() -> b.quantize(t.in, codes, sc, ts, t.rows, t.cols, 0, s), reps);
            Timing copy = t.copy(reps);
            double bytes = 4.0 * n + codeBytes + (double) scales * scaleType.bytes;
            return new BenchResult(b.name(), "quantize " + s + " " + t.rows + "×" + t.cols, n, q.medianMs, q.minMs,
                    bytes / (q.medianMs * 1e6), 8.0 * n / (copy.medianMs * 1e6));
        }
    }

    @Override
    public void close() {
        t.close();
    }
}
