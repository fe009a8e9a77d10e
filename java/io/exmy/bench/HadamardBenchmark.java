package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.block.BlockShape.Axis;
import io.exmy.transform.HadamardSpec;

/**
 * Throughput of the Hadamard transform of one rows × cols tensor (uploaded once, for every size and
 * axis measured on it), against a device-to-device copy of the input measured beside each figure.
 * The transform reads each element once and writes it once: 8 bytes per element, as the copy.
 */
public final class HadamardBenchmark implements AutoCloseable {
    private final TensorFixture t;

    public HadamardBenchmark(Backend b, long rows, long cols) {
        this.t = new TensorFixture(b, rows, cols);
    }

    public BenchResult transform(HadamardSpec spec, Axis axis, int reps) {
        return t.streaming("hadamard " + spec + " " + axis.label,
                () -> t.b.hadamard(t.in, t.out, t.rows, t.cols, axis, spec), reps);
    }

    @Override
    public void close() {
        t.close();
    }
}
