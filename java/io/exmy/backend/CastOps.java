package io.exmy.backend;

import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/**
 * Element-wise ExMy operations (the format core). Reference: {@link io.exmy.format.ExmyCast},
 * {@link io.exmy.format.Codes}; kernels: {@code cuda/cast.cu}.
 */
public interface CastOps {
    /**
     * out[i] = cast(in[i]) for i &lt; n, as float32 (fake quantization). Element i draws the
     * stochastic-rounding bits of index {@code indexBase + i}, so a tensor cast in chunks gets the
     * same bits as one cast whole. {@code in} and {@code out} may be the same buffer.
     */
    void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec);

    /**
     * Casts a rows × cols float32 tensor and writes its packed codes (U8): one code per byte, or
     * two per byte (low nibble first, rows padded to whole bytes) for formats of at most 4 bits.
     */
    void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec);

    /** Decodes packed codes in the layout of {@link #encode} to float32. */
    void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format);
}
