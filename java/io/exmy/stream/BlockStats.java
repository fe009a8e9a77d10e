package io.exmy.stream;

import io.exmy.block.BlockMath;
import io.exmy.io.NpyReader;
import io.exmy.io.TensorChunks;
import io.exmy.io.TensorChunks.Chunk;
import java.io.IOException;

/**
 * The whole-tensor statistics that chunked block quantization needs before its first chunk: the
 * tensor's amax and, for per-column blocks, each column's — max |x| compared as float32 bit
 * patterns, exactly as the block ops take amaxes (so NaN beats inf beats every finite value, and
 * the order of the scan cannot matter). One streaming pass over the input.
 */
record BlockStats(int tensorAmax, int[] columnAmax) {

    static BlockStats scan(NpyReader in, long cols, boolean perColumn, long budget) throws IOException {
        int[] colAmax = perColumn ? new int[Math.toIntExact(cols)] : null;
        int amax = 0;
        Scratch.Floats host = new Scratch.Floats();
        for (Chunk c : TensorChunks.flat(in.elements(), budget)) {
            float[] x = host.of(c.elements());
            in.readFloats(c.col(), x, 0, x.length);
            int col = perColumn ? (int) (c.col() % cols) : 0;
            for (float v : x) {
                int a = BlockMath.absBits(Float.floatToRawIntBits(v));
                amax = Math.max(amax, a);
                if (perColumn) {
                    colAmax[col] = Math.max(colAmax[col], a);
                    col = col + 1 == cols ? 0 : col + 1;
                }
            }
        }
        return new BlockStats(amax, colAmax);
    }
}
