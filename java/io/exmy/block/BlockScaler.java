package io.exmy.block;

/**
 * The arithmetic of one tensor's quantization around its block scales: a block's scale from its
 * amax, an element's quantized value given its block's scale, and the dequantized value. A strategy
 * per kind of scheme: {@link SingleLevelScaler} (one scale per block, by a {@link ScaleRule}) and
 * {@link TwoLevelScaler} (block scales under a float32 tensor scale, NVFP4). All values are float32
 * bit patterns; the element value {@code q} is a value of the element format (or NaN).
 */
public interface BlockScaler {
    /** The scale of a block whose amax is {@code amax} (bits of max |x|: NaN above inf above finite). */
    int blockScale(int amax);

    /** The element value q of x in a block with scale {@code scale}; {@code index} keys stochastic rounding. */
    int quantize(int x, int scale, long index);

    /** The dequantized (fake-quantized) value of element value q in a block with scale {@code scale}. */
    int dequantize(int q, int scale);

    /** The float32 tensor scale stored beside the codes, or 0 for single-level schemes. */
    int tensorScale();

    /** The scaler for quantizing a tensor whose amax over all elements is {@code tensorAmax}. */
    static BlockScaler forQuantize(BlockScheme s, int tensorAmax) {
        return s.tensorScale() ? TwoLevelScaler.fromTensorAmax(s, tensorAmax) : new SingleLevelScaler(s);
    }

    /** The scaler for dequantizing codes stored with tensor scale {@code tensorScale} (ignored if single-level). */
    static BlockScaler forDequantize(BlockScheme s, int tensorScale) {
        return s.tensorScale() ? TwoLevelScaler.fromDecodeScale(s, tensorScale) : new SingleLevelScaler(s);
    }
}
