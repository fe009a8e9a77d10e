package io.exmy.block;

import java.util.Objects;

/**
 * A tensor quantized to packed codes: the element codes in the format core's layout
 * ({@link io.exmy.format.CodeLayout}: rows packed independently, two codes per byte low nibble first for
 * formats of at most 4 bits), the block scales in the grid's row-major order — one uint8 code each
 * ({@code scaleCodes}) or, for fp32 and ExMy scale formats wider than 8 bits, float32 values
 * ({@code scaleValues}) — and, for two-level schemes, the float32 tensor decode scale.
 */
public record BlockCodes(BlockScheme scheme, long rows, long cols, byte[] codes, byte[] scaleCodes,
                         float[] scaleValues, float tensorScale) {
    public BlockCodes {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(codes, "codes");
        if ((scaleCodes == null) == (scaleValues == null)) {
            throw new IllegalArgumentException("exactly one of scale codes and scale values");
        }
    }

    public BlockGrid grid() {
        return scheme.grid(rows, cols);
    }
}
