package io.exmy.block;

import io.exmy.format.CodeLayout;
import io.exmy.format.Codes;
import io.exmy.format.Format;
import java.util.stream.LongStream;

/**
 * The reference block quantizer: the specification every backend reproduces bit for bit
 * ({@code cuda/exmy_block.cuh} and {@code cuda/block.cu} are its CUDA twins; docs/FORMATS.md, "Block
 * scaling", states it in words). Tensors are row-major rows × cols float32; element (r, c) has flat
 * index {@code indexBase + r·cols + c}, which keys stochastic rounding.
 *
 * <p>Each block's amax is max |x| over its elements taken on the float32 bit patterns, so a NaN
 * anywhere in the block makes it NaN and an inf makes it inf (order-independent and exact). The
 * {@link BlockScaler} of the scheme turns amaxes into scales and elements into values.
 */
public final class BlockQuantizer {
    /** Blocks per parallel task (results never depend on the split). */
    private static final long PARALLEL_ELEMENTS = 1 << 16;

    private BlockQuantizer() {
    }

    /** The fake-quantized tensor: every element quantized and dequantized, as float32. */
    public static float[] fakeQuantize(float[] x, long rows, long cols, long indexBase, BlockScheme s) {
        check(x, rows, cols);
        BlockGrid g = s.grid(rows, cols);
        BlockScaler sc = BlockScaler.forQuantize(s, s.tensorScale() ? tensorAmax(x) : 0);
        float[] out = new float[x.length];
        forEachBlock(g, (bi, bj) -> {
            int scale = sc.blockScale(blockAmax(x, g, bi, bj));
            forEachElement(g, bi, bj, i -> {
                int q = sc.quantize(Float.floatToRawIntBits(x[(int) i]), scale, indexBase + i);
                out[(int) i] = Float.intBitsToFloat(sc.dequantize(q, scale));
            });
        });
        return out;
    }

    /** Packed element codes, block scales and (two-level) the tensor scale. The element format needs codes. */
    public static BlockCodes quantize(float[] x, long rows, long cols, long indexBase, BlockScheme s) {
        check(x, rows, cols);
        Format f = s.element().format();
        if (!f.hasCodes()) {
            throw new IllegalArgumentException("element format " + f + " has " + f.totalBits()
                    + " bits; packed codes exist for formats of at most 8 bits (use the fake-quantized float32 output)");
        }
        s.element().checkCodes();
        BlockGrid g = s.grid(rows, cols);
        BlockScaler sc = BlockScaler.forQuantize(s, s.tensorScale() ? tensorAmax(x) : 0);
        ScaleFormat sf = s.scaleFormat();
        int n = Math.toIntExact(g.count());
        byte[] scaleCodes = sf.hasCodes() ? new byte[n] : null;
        float[] scaleValues = sf.hasCodes() ? null : new float[n];
        int[] codes = new int[x.length];
        forEachBlock(g, (bi, bj) -> {
            int scale = sc.blockScale(blockAmax(x, g, bi, bj));
            int at = (int) (bi * g.scaleCols() + bj);
            if (scaleCodes != null) {
                scaleCodes[at] = (byte) sf.encode(scale);
            } else {
                scaleValues[at] = Float.intBitsToFloat(scale);
            }
            forEachElement(g, bi, bj, i -> codes[(int) i] =
                    Codes.encodeBits(sc.quantize(Float.floatToRawIntBits(x[(int) i]), scale, indexBase + i), f));
        });
        return new BlockCodes(s, rows, cols, CodeLayout.pack(codes, rows, cols, f), scaleCodes, scaleValues,
                Float.intBitsToFloat(sc.tensorScale()));
    }

    /** The float32 values of codes: decode(code) · scale (· tensor scale). */
    public static float[] dequantize(BlockCodes c) {
        BlockScheme s = c.scheme();
        Format f = s.element().format();
        BlockGrid g = c.grid();
        BlockScaler sc = BlockScaler.forDequantize(s, Float.floatToRawIntBits(c.tensorScale()));
        ScaleFormat sf = s.scaleFormat();
        float[] out = new float[Math.toIntExact(g.elements())];
        forEachBlock(g, (bi, bj) -> {
            int at = (int) (bi * g.scaleCols() + bj);
            int scale = c.scaleCodes() != null ? sf.decode(c.scaleCodes()[at] & 0xFF)
                    : Float.floatToRawIntBits(c.scaleValues()[at]);
            forEachElement(g, bi, bj, i -> {
                int q = Codes.decodeBits(CodeLayout.codeAt(c.codes(), i / c.cols(), i % c.cols(), c.cols(), f), f);
                out[(int) i] = Float.intBitsToFloat(sc.dequantize(q, scale));
            });
        });
        return out;
    }

    /** max |x| over the tensor, as bits (NaN-propagating); 0 for an empty tensor. */
    public static int tensorAmax(float[] x) {
        int a = 0;
        for (float v : x) {
            a = Math.max(a, BlockMath.absBits(Float.floatToRawIntBits(v)));
        }
        return a;
    }

    static int blockAmax(float[] x, BlockGrid g, long bi, long bj) {
        int[] a = {0};
        forEachElement(g, bi, bj, i -> a[0] = Math.max(a[0], BlockMath.absBits(Float.floatToRawIntBits(x[(int) i]))));
        return a[0];
    }

    interface BlockBody {
        void run(long bi, long bj);
    }

    interface ElementBody {
        void run(long flatIndex);
    }

    /** Runs body over every block; rows of blocks in parallel when the tensor is large. */
    static void forEachBlock(BlockGrid g, BlockBody body) {
        if (g.count() == 0) {
            return;
        }
        LongStream rowsOfBlocks = LongStream.range(0, g.scaleRows());
        if (g.elements() >= PARALLEL_ELEMENTS && g.scaleRows() > 1) {
            rowsOfBlocks = rowsOfBlocks.parallel();
        }
        rowsOfBlocks.forEach(bi -> {
            for (long bj = 0; bj < g.scaleCols(); bj++) {
                body.run(bi, bj);
            }
        });
    }

    static void forEachElement(BlockGrid g, long bi, long bj, ElementBody body) {
        long r1 = Math.min(g.rows(), (bi + 1) * g.blockRows());
        long c1 = Math.min(g.cols(), (bj + 1) * g.blockCols());
        for (long r = bi * g.blockRows(); r < r1; r++) {
            for (long c = bj * g.blockCols(); c < c1; c++) {
                body.run(r * g.cols() + c);
            }
        }
    }

    private static void check(float[] x, long rows, long cols) {
        if (rows < 0 || cols < 0 || rows * cols != x.length) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " tensor needs " + rows * cols
                    + " elements, got " + x.length);
        }
    }
}
