package io.exmy.stream;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyReader;
import io.exmy.io.NpyWriter;
import io.exmy.io.OutputBatch;
import io.exmy.io.TensorChunks;
import io.exmy.io.TensorChunks.Chunk;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Element-wise casts of .npy files of any size, chunk by chunk through a backend's {@link
 * io.exmy.backend.CastOps}; each chunk passes its first element's global index as the index base,
 * so stochastic rounding draws the bits it would draw on the whole array. Codes are packed per row
 * (a row of odd length ends in a half byte), so code chunks are runs of whole rows, or pieces of
 * one long row that start on a byte boundary.
 */
public final class StreamCast {
    private StreamCast() {
    }

    /** {@code target}: the fake-quantized float32 values of {@code in}, in its shape. */
    public static void cast(Backend b, NpyReader in, OutputBatch batch, Path target, CastSpec spec, long budget)
            throws IOException {
        try (NpyWriter out = NpyWriter.staged(batch, target, NpyArray.F32, in.shape());
             Scratch.Device d = new Scratch.Device(b, DType.F32)) {
            Scratch.Floats host = new Scratch.Floats();
            for (Chunk c : TensorChunks.flat(in.elements(), budget)) {
                float[] x = host.of(c.elements());
                in.readFloats(c.col(), x, 0, x.length);
                DeviceBuffer buf = d.of(x.length);
                b.upload(x, buf);
                b.cast(buf, buf, x.length, c.col(), spec);
                b.download(buf, x);
                out.write(x, 0, x.length);
            }
            out.finish();
        }
    }

    /**
     * {@code target}: the packed uint8 codes of {@code in} seen as rows × cols (all leading dimensions
     * × the last), in its shape with the last dimension replaced by the packed row length.
     */
    public static void encode(Backend b, NpyReader in, OutputBatch batch, Path target, CastSpec spec, long budget)
            throws IOException {
        Format f = spec.format();
        long rows = in.rows();
        long cols = in.cols();
        try (NpyWriter out = NpyWriter.staged(batch, target, NpyArray.U8, withLast(in.shape(), CodeLayout.bytesPerRow(f, cols)));
             Scratch.Device dIn = new Scratch.Device(b, DType.F32);
             Scratch.Device dCodes = new Scratch.Device(b, DType.U8)) {
            Scratch.Floats xs = new Scratch.Floats();
            Scratch.Bytes cs = new Scratch.Bytes();
            for (Chunk c : TensorChunks.of(rows, cols, budget).cuttingRows(f.codesPerByte())) {
                float[] x = xs.of(c.elements());
                in.readFloats(c.first(cols), x, 0, x.length);
                byte[] codes = cs.of(c.rows() * CodeLayout.bytesPerRow(f, c.cols()));
                DeviceBuffer i = dIn.of(x.length);
                DeviceBuffer o = dCodes.of(codes.length);
                b.upload(x, i);
                b.encode(i, o, c.rows(), c.cols(), c.first(cols), spec);
                b.download(o, codes);
                out.write(codes, 0, codes.length);
            }
            out.finish();
        }
    }

    /**
     * {@code target}: float32 values of the codes in {@code in}, whose rows hold {@code cols} codes
     * each; the shape of {@code in} with the last dimension {@code cols}.
     */
    public static void decode(Backend b, NpyReader in, long cols, Format f, OutputBatch batch, Path target, long budget)
            throws IOException {
        long rows = in.rows();
        long bpr = CodeLayout.bytesPerRow(f, cols);
        try (NpyWriter out = NpyWriter.staged(batch, target, NpyArray.F32, withLast(in.shape(), cols));
             Scratch.Device dCodes = new Scratch.Device(b, DType.U8);
             Scratch.Device dOut = new Scratch.Device(b, DType.F32)) {
            Scratch.Floats ys = new Scratch.Floats();
            Scratch.Bytes cs = new Scratch.Bytes();
            for (Chunk c : TensorChunks.of(rows, cols, budget).cuttingRows(f.codesPerByte())) {
                byte[] codes = cs.of(c.rows() * CodeLayout.bytesPerRow(f, c.cols()));
                in.readBytes(c.row() * bpr + c.col() / f.codesPerByte(), codes, 0, codes.length);
                float[] y = ys.of(c.elements());
                DeviceBuffer i = dCodes.of(codes.length);
                DeviceBuffer o = dOut.of(y.length);
                b.upload(codes, i);
                b.decode(i, o, c.rows(), c.cols(), f);
                b.download(o, y);
                out.write(y, 0, y.length);
            }
            out.finish();
        }
    }

    /** The shape with its last dimension replaced (a scalar stays a scalar). */
    static long[] withLast(long[] shape, long last) {
        long[] s = shape.clone();
        if (s.length > 0) {
            s[s.length - 1] = last;
        }
        return s;
    }
}
