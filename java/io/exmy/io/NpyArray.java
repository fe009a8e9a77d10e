package io.exmy.io;

import java.util.Arrays;

/**
 * A C-ordered array read from or written to a {@code .npy} file: float32 ({@code <f4}) or uint8
 * ({@code |u1}) data with its shape.
 */
public record NpyArray(String descr, long[] shape, float[] f32, byte[] u8) {
    public static final String F32 = "<f4";
    public static final String U8 = "|u1";

    public static NpyArray ofFloats(float[] data, long... shape) {
        check(data.length, shape);
        return new NpyArray(F32, shape.clone(), data, null);
    }

    public static NpyArray ofBytes(byte[] data, long... shape) {
        check(data.length, shape);
        return new NpyArray(U8, shape.clone(), null, data);
    }

    private static void check(int n, long[] shape) {
        if (elements(shape) != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + n + " elements");
        }
    }

    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long elements() {
        return elements(shape);
    }

    /** Rows × columns view: all leading dimensions as rows, the last as columns (a scalar is 1 × 1). */
    public long rows() {
        return shape.length == 0 ? 1 : elements() / Math.max(1, shape[shape.length - 1]);
    }

    public long cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** The shape as a Python tuple: (), (3,), (3, 4). */
    public String shapeString() {
        return shapeString(shape);
    }

    /** A shape as Python writes the tuple (as numpy.save puts it in a header). */
    public static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        return sb.append(')').toString();
    }
}
