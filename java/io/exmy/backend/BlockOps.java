package io.exmy.backend;

import io.exmy.block.BlockScheme;

/**
 * Block-scaled quantization of row-major rows × cols float32 tensors. Reference:
 * {@link io.exmy.block.BlockQuantizer}; kernels: {@code cuda/block.cu}; host loops:
 * {@code cuda/host/exmy_host_block.cpp}. Element (r, c) draws the stochastic-rounding bits of index
 * {@code indexBase + r·cols + c}, so a tensor quantized in slices of whole blocks gets the bits of
 * one call on the whole.
 *
 * <p>Layouts: element codes as {@link io.exmy.format.CodeLayout} (rows packed on their own, two
 * codes per byte for formats of at most 4 bits); scales in row-major order of the block grid
 * ({@link io.exmy.block.BlockGrid}: ⌈rows/blockRows⌉ × ⌈cols/blockCols⌉), U8 codes when
 * {@link io.exmy.block.ScaleFormat#hasCodes()}, else F32 values; the tensor scale of two-level
 * schemes as one F32.
 */
public interface BlockOps {
    /**
     * out = the fake-quantized tensor: every element quantized and dequantized, as float32.
     * {@code in} and {@code out} may be the same buffer.
     */
    void fakeQuantize(DeviceBuffer in, DeviceBuffer out, long rows, long cols, long indexBase, BlockScheme scheme);

    /**
     * Quantizes to packed element codes, block scales and, for two-level schemes, the tensor scale
     * ({@code tensorScale} may be null for single-level schemes). The element format needs codes.
     */
    void quantize(DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, long rows,
                  long cols, long indexBase, BlockScheme scheme);

    /** The float32 values of codes written by {@link #quantize}; equal to {@link #fakeQuantize}'s output. */
    void dequantize(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, DeviceBuffer out, long rows,
                    long cols, BlockScheme scheme);
}
