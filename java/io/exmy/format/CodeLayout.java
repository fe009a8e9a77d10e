package io.exmy.format;

/**
 * How codes sit in bytes: one code per byte, or — for formats of at most 4 bits — two per byte,
 * low nibble first. Rows are packed independently, so a row of odd length ends in a half-used
 * byte whose high nibble is zero; a 2-D tensor of codes keeps its row structure.
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
        byte[] out = new byte[Math.toIntExact(rows * bpr)];
        for (long r = 0; r < rows; r++) {
            for (long c = 0; c < cols; c++) {
                int code = codes[(int) (r * cols + c)];
                if (f.codesPerByte() == 2) {
                    int at = (int) (r * bpr + c / 2);
                    out[at] |= (byte) ((code & 0xF) << ((c & 1) * 4));
                } else {
                    out[(int) (r * bpr + c)] = (byte) code;
                }
            }
        }
        return out;
    }

    /** The code of element (r, c) in packed bytes. */
    public static int codeAt(byte[] packed, long r, long c, long cols, Format f) {
        long bpr = bytesPerRow(f, cols);
        if (f.codesPerByte() == 2) {
            int b = packed[(int) (r * bpr + c / 2)] & 0xFF;
            return (b >>> ((c & 1) * 4)) & 0xF;
        }
        return packed[(int) (r * bpr + c)] & 0xFF;
    }
}
