package io.exmy.stream;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyReader;
import io.exmy.io.NpyWriter;
import io.exmy.io.OutputBatch;
import io.exmy.io.TensorChunks.Chunk;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Block codes and scales (as {@link StreamQuantize} writes them) back to float32, for files of any
 * size, chunk by chunk ({@link BlockChunking#dequantizeChunks}): each chunk reads its codes and the
 * scales of its blocks and needs nothing else, so chunks may cut any block-row or row on a block and
 * byte boundary.
 */
public final class StreamDequantize {
    private StreamDequantize() {
    }

    /**
     * Writes the rows × cols values of {@code codes} (uint8, rows packed on their own) under
     * {@code scales} (the block grid's scales in row-major order) and {@code tensorScale} to the staged
     * {@code target}, in {@code shape}.
     */
    public static void run(Backend b, NpyReader codes, NpyReader scales, float tensorScale, long rows, long cols,
                           BlockScheme scheme, OutputBatch batch, Path target, long[] shape, long budget) throws IOException {
        BlockChunking plan = new BlockChunking(scheme, rows, cols);
        BlockScheme s = plan.scheme;
        Format f = s.element().format();
        long bpr = CodeLayout.bytesPerRow(f, cols);
        boolean scaleCodes = s.scaleFormat().hasCodes();
        try (NpyWriter out = NpyWriter.staged(batch, target, NpyArray.F32, shape);
             Scratch.Device dCodes = new Scratch.Device(b, DType.U8);
             Scratch.Device dScales = new Scratch.Device(b, scaleCodes ? DType.U8 : DType.F32);
             Scratch.Device dOut = new Scratch.Device(b, DType.F32);
             DeviceBuffer dTs = b.upload(new float[] {tensorScale})) {
            Scratch.Bytes cs = new Scratch.Bytes();
            Scratch.Bytes scb = new Scratch.Bytes();
            Scratch.Floats scf = new Scratch.Floats();
            Scratch.Floats ys = new Scratch.Floats();
            for (Chunk c : plan.dequantizeChunks(budget)) {
                byte[] cb = cs.of(c.rows() * CodeLayout.bytesPerRow(f, c.cols()));
                codes.readBytes(c.row() * bpr + c.col() / f.codesPerByte(), cb, 0, cb.length);
                DeviceBuffer dc = dCodes.of(cb.length);
                b.upload(cb, dc);
                long count = plan.scaleCount(c);
                DeviceBuffer ds = dScales.of(count);
                if (scaleCodes) {
                    byte[] sc = scb.of(count);
                    scales.readBytes(plan.firstScale(c), sc, 0, sc.length);
                    b.upload(sc, ds);
                } else {
                    float[] sc = scf.of(count);
                    scales.readFloats(plan.firstScale(c), sc, 0, sc.length);
                    b.upload(sc, ds);
                }
                float[] y = ys.of(c.elements());
                DeviceBuffer dy = dOut.of(y.length);
                b.dequantize(dc, ds, dTs, dy, c.rows(), c.cols(), s);
                b.download(dy, y);
                out.write(y, 0, y.length);
            }
            out.finish();
        }
    }
}
