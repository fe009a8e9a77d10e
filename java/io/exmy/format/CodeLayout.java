package io.exmy.format;

import java.util.function.LongToIntFunction;

/**
 * How codes sit in bytes: one code per byte, or — for formats of at most 4 bits — two per byte,
 * low nibble first. Rows are packed independently, so a row of odd length ends in a half-used
 * byte whose high nibble is zero; a 2-D tensor of codes keeps its row structure. Twin:
 * {@code cuda/exmy_codes.cuh}.
 */
public final class CodeLayout {
    private CodeLayout() {
    }

    public static long bytesPerRow(Format f, long cols) {
        return f.codesPerByte() == 2 ? (cols + 1) / 2 : cols;
    }

    /** Packs row-major codes (one int per element) into bytes. */
    public static byte[] pack(int[] codes, long rows, long cols, Format f) {
        long bpr = bytesPerRow(f, cols);
        int perByte = f.codesPerByte();
        int mask = perByte == 2 ? 0xF : 0xFF;
        byte[] out = new byte[Math.toIntExact(rows * bpr)];
        for (int b = 0; b < out.length; b++) {
            out[b] = (byte) packByte(b, cols, bpr, perByte, i -> codes[(int) i] & mask);
        }
        return out;
    }

    /**
     * Byte {@code b} of the packed codes of a tensor of {@code cols} columns: {@code code} of each
     * element index it holds, in nibble order.
     */
    public static int packByte(long b, long cols, long bytesPerRow, int perByte, LongToIntFunction code) {
        long row = b / bytesPerRow;
        long col0 = (b - row * bytesPerRow) * perByte;
        int packed = 0;
        for (int j = 0; j < perByte && col0 + j < cols; j++) {
            packed |= code.applyAsInt(row * cols + col0 + j) << (4 * j);
        }
        return packed;
    }

    /** The code of element (r, c) in packed bytes. */
    public static int codeAt(byte[] packed, long r, long c, long cols, Format f) {
        return codeAt(packed, 0, r, c, bytesPerRow(f, cols), f.codesPerByte());
    }

    /** The code of element (r, c) in packed bytes that start at {@code packed[offset]}. */
    public static int codeAt(byte[] packed, int offset, long r, long c, long bytesPerRow, int perByte) {
        if (perByte == 2) {
            int b = packed[offset + (int) (r * bytesPerRow + c / 2)] & 0xFF;
            return (b >>> ((c & 1) * 4)) & 0xF;
        }
        return packed[offset + (int) (r * bytesPerRow + c)] & 0xFF;
    }
}
