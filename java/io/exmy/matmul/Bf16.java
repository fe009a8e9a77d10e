package io.exmy.matmul;

/**
 * BF16 operands of the fast GEMM: the Java twin of {@code exmy_f32_to_bf16_bits} and the
 * {@code exmy_pack_bf16} kernel. BF16 is the top half of a float32, so a float32 converts exactly
 * iff its low 16 bits are zero; NaN becomes the quiet BF16 NaN with its sign.
 */
public final class Bf16 {
    private Bf16() {
    }

    /** Whether {@code x} is exactly a BF16 value (NaN counts: it stays NaN). */
    public static boolean isExact(float x) {
        int bits = Float.floatToRawIntBits(x);
        return (bits & 0x7FFFFFFF) > 0x7F800000 || (bits & 0xFFFF) == 0;
    }

    /** The BF16 bits of {@code x}: its top 16 bits (exact when {@link #isExact}), quiet NaN for NaN. */
    public static short bits(float x) {
        int b = Float.floatToRawIntBits(x);
        if ((b & 0x7FFFFFFF) > 0x7F800000) {
            return (short) (((b >>> 16) & 0x8000) | 0x7FC0);
        }
        return (short) (b >>> 16);
    }

    /**
     * The dense BF16 image (little-endian bytes) of {@code batch} matrices of rows × cols stored
     * with row stride {@code ld} and batch stride {@code stride} from {@code x[off]}, as the packing
     * kernel writes it.
     */
    public static byte[] pack(float[] x, int off, int rows, int cols, int ld, long stride, int batch) {
        byte[] out = new byte[2 * rows * cols * batch];
        int o = 0;
        for (int z = 0; z < batch; z++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    short h = bits(x[off + (int) (z * stride) + r * ld + c]);
                    out[o++] = (byte) h;
                    out[o++] = (byte) (h >> 8);
                }
            }
        }
        return out;
    }
}
