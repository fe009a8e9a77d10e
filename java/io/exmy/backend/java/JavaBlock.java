package io.exmy.backend.java;

import io.exmy.backend.Device;
import io.exmy.block.BlockCodes;
import io.exmy.block.BlockQuantizer;
import io.exmy.block.BlockScheme;
import io.exmy.format.CodeLayout;
import java.util.Arrays;

/** The reference block quantization ({@link BlockQuantizer}) over Java buffers and views. */
final class JavaBlock implements Device.Block<JavaBuffer> {
    @Override
    public void fakeQuantize(JavaBuffer in, JavaBuffer out, long rows, long cols, long indexBase, BlockScheme s) {
        int n = Math.toIntExact(rows * cols);
        float[] y = BlockQuantizer.fakeQuantize(Arrays.copyOfRange(in.f32, in.off, in.off + n), rows, cols, indexBase, s);
        System.arraycopy(y, 0, out.f32, out.off, n);
    }

    @Override
    public void quantize(JavaBuffer in, JavaBuffer codes, JavaBuffer scales, JavaBuffer tensorScale, long rows,
                         long cols, long indexBase, BlockScheme s) {
        int n = Math.toIntExact(rows * cols);
        BlockCodes c = BlockQuantizer.quantize(Arrays.copyOfRange(in.f32, in.off, in.off + n), rows, cols, indexBase, s);
        System.arraycopy(c.codes(), 0, codes.u8, codes.off, c.codes().length);
        if (c.scaleCodes() != null) {
            System.arraycopy(c.scaleCodes(), 0, scales.u8, scales.off, c.scaleCodes().length);
        } else {
            System.arraycopy(c.scaleValues(), 0, scales.f32, scales.off, c.scaleValues().length);
        }
        if (s.tensorScale()) {
            tensorScale.f32[tensorScale.off] = c.tensorScale();
        }
    }

    @Override
    public void dequantize(JavaBuffer codes, JavaBuffer scales, JavaBuffer tensorScale, JavaBuffer out, long rows,
                           long cols, BlockScheme s) {
        int n = Math.toIntExact(rows * cols);
        int count = Math.toIntExact(s.grid(rows, cols).count());
        int codeBytes = Math.toIntExact(rows * CodeLayout.bytesPerRow(s.element().format(), cols));
        boolean scaleCodes = s.scaleFormat().hasCodes();
        BlockCodes c = new BlockCodes(s, rows, cols, Arrays.copyOfRange(codes.u8, codes.off, codes.off + codeBytes),
                scaleCodes ? Arrays.copyOfRange(scales.u8, scales.off, scales.off + count) : null,
                scaleCodes ? null : Arrays.copyOfRange(scales.f32, scales.off, scales.off + count),
                s.tensorScale() ? tensorScale.f32[tensorScale.off] : 0f);
        System.arraycopy(BlockQuantizer.dequantize(c), 0, out.f32, out.off, n);
    }
}
