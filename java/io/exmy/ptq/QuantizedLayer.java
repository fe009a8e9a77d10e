package io.exmy.ptq;

/**
 * A linear layer's weights after post-training quantization: the dequantized weights
 * {@code q} (rows × cols, row-major, float32: what the model computes with), the integer codes
 * (0 … 2^b − 1), one scale and zero point per row and group ({@code rows × groups}), the group of
 * each input column ({@code groupOf}: consecutive columns, or with act-order the groups of the
 * permuted order), and the quantizer's own error estimate (GPTQ's Σ (w − q)² / (2 d²); for RTN
 * Σ (w − q)²).
 */
public record QuantizedLayer(int rows, int cols, float[] q, byte[] codes, float[] scales, byte[] zeros, int groups,
                             int[] groupOf, double loss) {
}
