package io.exmy.backend;

import io.exmy.block.BlockCodes;
import io.exmy.block.BlockGrid;
import io.exmy.block.BlockScheme;
import io.exmy.format.CodeLayout;

/** {@link BlockOps} over host arrays: upload, run on the backend, download. */
public final class BlockArrays {
    private BlockArrays() {
    }

    public static float[] fakeQuantize(Backend b, float[] x, long rows, long cols, long indexBase, BlockScheme s) {
        try (DeviceBuffer in = b.upload(x); DeviceBuffer out = b.allocate(DType.F32, x.length)) {
            b.fakeQuantize(in, out, rows, cols, indexBase, s);
            return b.downloadFloats(out);
        }
    }

    public static BlockCodes quantize(Backend b, float[] x, long rows, long cols, long indexBase, BlockScheme s) {
        BlockGrid g = s.grid(rows, cols);
        boolean scaleCodes = s.scaleFormat().hasCodes();
        try (DeviceBuffer in = b.upload(x);
             DeviceBuffer codes = b.allocate(DType.U8, rows * CodeLayout.bytesPerRow(s.element().format(), cols));
             DeviceBuffer scales = b.allocate(scaleCodes ? DType.U8 : DType.F32, g.count());
             DeviceBuffer ts = b.allocate(DType.F32, 1)) {
            b.quantize(in, codes, scales, ts, rows, cols, indexBase, s);
            float tensorScale = s.tensorScale() ? b.downloadFloats(ts)[0] : 0f;
            return new BlockCodes(s, rows, cols, b.downloadBytes(codes), scaleCodes ? b.downloadBytes(scales) : null,
                    scaleCodes ? null : b.downloadFloats(scales), tensorScale);
        }
    }

    public static float[] dequantize(Backend b, BlockCodes c) {
        BlockScheme s = c.scheme();
        try (DeviceBuffer codes = b.upload(c.codes());
             DeviceBuffer scales = c.scaleCodes() != null ? b.upload(c.scaleCodes()) : b.upload(c.scaleValues());
             DeviceBuffer ts = b.upload(new float[] {c.tensorScale()});
             DeviceBuffer out = b.allocate(DType.F32, c.rows() * c.cols())) {
            b.dequantize(codes, scales, ts, out, c.rows(), c.cols(), s);
            return b.downloadFloats(out);
        }
    }
}
