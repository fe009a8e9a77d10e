package io.exmy.stream;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.format.CodeLayout;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyReader;
import io.exmy.io.NpyWriter;
import io.exmy.io.OutputBatch;
import io.exmy.io.TensorChunks.Chunk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Block-scaled quantization of a float32 .npy file of any size, chunk by chunk ({@link
 * BlockChunking}), with the results of one call on the whole tensor, bit for bit, on every backend.
 *
 * <p>Where a chunk's blocks or the tensor scale depend on elements outside it, the whole-tensor
 * amaxes from a first pass ({@link BlockStats}) go into one extra row under the chunk: the column
 * amaxes for per-column blocks, else the tensor amax in its first element and zeros. The backend
 * quantizes chunk and extra row as one tensor; the extra row then raises each per-column block's
 * amax (or the one per-tensor block's, or the tensor amax of a two-level scheme) to the whole
 * tensor's, and — below a short last block-row padded with zero rows, which change no amax — it
 * lies in blocks of its own otherwise, so it changes nothing else. Its results are dropped. The
 * block ops depend on the elements only through amaxes and each element's own value and index
 * (docs/FORMATS.md, "Block scaling"), so this is exact; no op needed a new argument. Element indices
 * are the chunk's global ones: the index base is the chunk's first element, and the extra rows come
 * after the real ones.
 */
public final class StreamQuantize {
    /** The outputs; values and codes may each be null, scales go with codes, the tensor scale is optional. */
    public record Targets(Path values, Path codes, Path scales, Path tensorScale) {
    }

    private final Backend b;
    private final NpyReader in;
    private final BlockChunking plan;
    private final long budget;
    private BlockStats stats;

    private StreamQuantize(Backend b, NpyReader in, BlockScheme s, long budget) {
        this.b = b;
        this.in = in;
        long[] shape = in.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new IllegalArgumentException("block quantization takes a 2-D or 1-D tensor, not " + in.header().shapeString());
        }
        this.plan = new BlockChunking(s, shape.length == 1 ? 1 : shape[0], shape[shape.length - 1]);
        this.budget = budget;
    }

    /** Quantizes {@code in} (2-D, or 1-D as one row) to the staged targets of {@code batch}. */
    public static void run(Backend b, NpyReader in, BlockScheme s, OutputBatch batch, Targets t, long budget)
            throws IOException {
        new StreamQuantize(b, in, s, budget).run(batch, t);
    }

    private void run(OutputBatch batch, Targets t) throws IOException {
        BlockScheme s = plan.scheme;
        boolean oneD = in.shape().length == 1;
        long rows = plan.rows;
        long cols = plan.cols;
        if (plan.needsTensorAmax() || plan.needsColumnAmax()) {
            stats = BlockStats.scan(in, cols, plan.needsColumnAmax(), budget);
        }
        long bpr = CodeLayout.bytesPerRow(s.element().format(), cols);
        boolean scaleCodes = s.scaleFormat().hasCodes();
        long[] scaleShape = oneD ? new long[] {plan.grid.count()} : new long[] {plan.grid.scaleRows(), plan.grid.scaleCols()};
        try (NpyWriter values = t.values() == null ? null : NpyWriter.staged(batch, t.values(), NpyArray.F32, in.shape());
             NpyWriter codes = t.codes() == null ? null
                     : NpyWriter.staged(batch, t.codes(), NpyArray.U8, oneD ? new long[] {bpr} : new long[] {rows, bpr});
             NpyWriter scales = t.codes() == null ? null
                     : NpyWriter.staged(batch, t.scales(), scaleCodes ? NpyArray.U8 : NpyArray.F32, scaleShape);
             Scratch.Device dIn = new Scratch.Device(b, DType.F32);
             Scratch.Device dOut = new Scratch.Device(b, DType.F32);
             Scratch.Device dCodes = new Scratch.Device(b, DType.U8);
             Scratch.Device dScales = new Scratch.Device(b, scaleCodes ? DType.U8 : DType.F32);
             Scratch.Device dTs = new Scratch.Device(b, DType.F32)) {
            Scratch.Floats xs = new Scratch.Floats();
            Scratch.Floats ys = new Scratch.Floats();
            Scratch.Bytes cs = new Scratch.Bytes();
            Scratch.Bytes scb = new Scratch.Bytes();
            Scratch.Floats scf = new Scratch.Floats();
            long scalesWritten = 0;
            for (Chunk c : plan.quantizeChunks(budget)) {
                long subRows = c.rows() + extraRows(c);
                float[] x = chunkWithStats(c, xs.of(subRows * c.cols()));
                DeviceBuffer din = dIn.of(x.length);
                b.upload(x, din);
                long base = c.first(cols);
                if (values != null) {
                    DeviceBuffer dout = dOut.of(x.length);
                    b.fakeQuantize(din, dout, subRows, c.cols(), base, s);
                    float[] y = ys.of(c.elements());
                    b.download(dout, y);
                    values.write(y, 0, y.length);
                }
                if (codes != null) {
                    long subCount = s.grid(subRows, c.cols()).count();
                    DeviceBuffer dc = dCodes.of(subRows * CodeLayout.bytesPerRow(s.element().format(), c.cols()));
                    DeviceBuffer ds = dScales.of(subCount);
                    b.quantize(din, dc, ds, dTs.of(1), subRows, c.cols(), base, s);
                    byte[] cb = cs.of(c.rows() * CodeLayout.bytesPerRow(s.element().format(), c.cols()));
                    b.download(dc, cb);
                    codes.write(cb, 0, cb.length);
                    // Chunks of per-column or per-tensor blocks all carry the same scales: each is written once.
                    long first = plan.firstScale(c);
                    long count = plan.scaleCount(c);
                    int skip = (int) Math.max(0, scalesWritten - first);
                    if (first + count > scalesWritten) {
                        if (scaleCodes) {
                            byte[] sc = scb.of(count);
                            b.download(ds, sc);
                            scales.write(sc, skip, sc.length - skip);
                        } else {
                            float[] sc = scf.of(count);
                            b.download(ds, sc);
                            scales.write(sc, skip, sc.length - skip);
                        }
                        scalesWritten = first + count;
                    }
                }
            }
            if (values != null) {
                values.finish();
            }
            if (codes != null) {
                codes.finish();
                scales.finish();
            }
        }
        if (t.tensorScale() != null) {
            writeTensorScale(batch, t.tensorScale());
        }
    }

    /** Zero rows completing a short last block-row, then the row of amaxes, where the chunk needs them. */
    private long extraRows(Chunk c) {
        if (stats == null) {
            return 0;
        }
        long g = plan.blockRows();
        return (g - c.rows() % g) % g + 1;
    }

    /** The chunk's elements, then its extra rows: zeros, and the amaxes (as float32 bit patterns). */
    private float[] chunkWithStats(Chunk c, float[] x) throws IOException {
        int n = (int) c.elements();
        in.readFloats(c.first(plan.cols), x, 0, n);
        if (stats == null) {
            return x;
        }
        int statRow = x.length - (int) c.cols();
        Arrays.fill(x, n, x.length, 0f);
        if (stats.columnAmax() != null) {
            for (int j = 0; j < c.cols(); j++) {
                x[statRow + j] = Float.intBitsToFloat(stats.columnAmax()[(int) c.col() + j]);
            }
        } else {
            x[statRow] = Float.intBitsToFloat(stats.tensorAmax());
        }
        return x;
    }

    /** The tensor scale depends on the tensor amax alone: it is that of the one-element tensor holding it. */
    private void writeTensorScale(OutputBatch batch, Path target) throws IOException {
        BlockScheme s = plan.scheme;
        try (DeviceBuffer x = b.upload(new float[] {Float.intBitsToFloat(stats.tensorAmax())});
             DeviceBuffer codes = b.allocate(DType.U8, 1);
             DeviceBuffer scales = b.allocate(s.scaleFormat().hasCodes() ? DType.U8 : DType.F32, 1);
             DeviceBuffer ts = b.allocate(DType.F32, 1);
             NpyWriter out = NpyWriter.staged(batch, target, NpyArray.F32, 1)) {
            b.quantize(x, codes, scales, ts, 1, 1, 0, s);
            out.write(b.downloadFloats(ts), 0, 1);
            out.finish();
        }
    }
}
