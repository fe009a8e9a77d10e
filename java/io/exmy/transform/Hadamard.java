package io.exmy.transform;

import io.exmy.block.BlockShape.Axis;

/**
 * The reference (randomized) Hadamard transform: the specification that {@code cuda/exmy_hadamard.cuh}
 * and its kernels and host loops reproduce bit for bit.
 *
 * <p>A row-major rows × cols float32 tensor is cut along {@code axis} into vectors of n =
 * {@code spec.size()} elements — {@link Axis#ROW}: n consecutive elements of a row,
 * {@link Axis#COL}: n consecutive elements down a column — and each vector u is transformed on its
 * own, in this order:
 *
 * <ol>
 * <li>forward only: {@code u_i = −u_i} where the sign mask has bit i (exact);</li>
 * <li>the butterfly, stages h = 1, 2, 4, …, n/2 in that order; in stage h every pair
 *     (i, i + h) with {@code i & h = 0} becomes {@code (u_i + u_{i+h}, u_i − u_{i+h})}, each a float32
 *     addition rounded to nearest even. This leaves {@code H_n·u} in natural (Sylvester) order,
 *     {@code H[i][j] = (−1)^popcount(i & j)};</li>
 * <li>{@code u_i = u_i · c} with {@code c = fl32(1/√n)} ({@link #scale}): exactly 2^−k for n = 4^k
 *     (16 → 1/4, as Transformer Engine scales), and for n = 2·4^k, 2^−k · fl32(1/√2);</li>
 * <li>inverse only: the sign flips of step 1;</li>
 * <li>a NaN result is stored as the quiet NaN {@code 0x7FC00000} (which NaN an addition returns
 *     differs between the GPU and x86, whether it is NaN does not).</li>
 * </ol>
 *
 * Subnormals are kept (no flush to zero). The pairs of one stage are independent, so only the stage
 * order matters, and it is fixed. The inverse of a forward transform returns the input exactly
 * whenever the butterfly's sums are exact (e.g. inputs of few significant bits); in general to
 * within a few ulps.
 *
 * <p><b>Against Transformer Engine.</b> TE's RHT ({@code hadamard_transform/hadamard_transform.cu},
 * {@code get_hadamard_matrix_fragment} in {@code hadamard_transform_utils.cuh}) multiplies BF16
 * 16-element rows by the BF16 matrix {@code diag(s)·H_16 / 4} on tensor cores with float32
 * accumulation and rounds the result to BF16; its reference ({@code reference_nvfp4.py},
 * {@code _apply_rht}) computes {@code x @ (diag(s)·H·(1/√16))} in float32. Both are this transform in
 * exact arithmetic ({@code H} is symmetric, so {@code x·diag(s)·H = (H·diag(s)·x)ᵀ}); they round
 * differently (a dot product in the accumulator's order instead of the butterfly's stages), so
 * results agree bit for bit when the sums are exact and otherwise differ in the last bits.
 */
public final class Hadamard {
    private static final int RSQRT2_BITS = 0x3F3504F3; // fl32(1/√2)

    private Hadamard() {
    }

    /** {@code fl32(1/√n)} for n = 2^k, built exactly: 2^(−k/2) for even k, 2^(−(k−1)/2)·fl32(1/√2) for odd k. */
    public static float scale(int n) {
        int k = Integer.numberOfTrailingZeros(n);
        return (k & 1) == 0 ? Float.intBitsToFloat((127 - k / 2) << 23)
                : Float.intBitsToFloat(RSQRT2_BITS - ((k - 1) / 2 << 23));
    }

    /** Transforms {@code u[0..n)} in place as the class comment says. */
    public static void vector(float[] u, HadamardSpec spec) {
        int n = spec.size();
        if (!spec.inverse()) {
            flip(u, spec);
        }
        for (int h = 1; h < n; h <<= 1) {
            for (int i = 0; i < n; i++) {
                if ((i & h) == 0) {
                    float a = u[i];
                    float b = u[i + h];
                    u[i] = a + b;
                    u[i + h] = a - b;
                }
            }
        }
        float c = scale(n);
        for (int i = 0; i < n; i++) {
            u[i] = u[i] * c;
        }
        if (spec.inverse()) {
            flip(u, spec);
        }
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(u[i])) {
                u[i] = Float.intBitsToFloat(0x7FC00000);
            }
        }
    }

    private static void flip(float[] u, HadamardSpec spec) {
        for (int i = 0; i < spec.size(); i++) {
            if (spec.negative(i)) {
                u[i] = -u[i];
            }
        }
    }

    /** The transform of a rows × cols tensor along {@code axis}; a new array. */
    public static float[] transform(float[] x, long rows, long cols, Axis axis, HadamardSpec spec) {
        check(rows, cols, axis, spec.size());
        int r = Math.toIntExact(rows);
        int c = Math.toIntExact(cols);
        if (x.length < (long) r * c) {
            throw new IllegalArgumentException("input holds " + x.length + " elements, fewer than " + rows + " × " + cols);
        }
        int n = spec.size();
        float[] y = new float[r * c];
        float[] u = new float[n];
        if (axis == Axis.ROW) {
            for (int i = 0; i < r; i++) {
                for (int g = 0; g < c; g += n) {
                    System.arraycopy(x, i * c + g, u, 0, n);
                    vector(u, spec);
                    System.arraycopy(u, 0, y, i * c + g, n);
                }
            }
        } else {
            for (int g = 0; g < r; g += n) {
                for (int j = 0; j < c; j++) {
                    for (int k = 0; k < n; k++) {
                        u[k] = x[(g + k) * c + j];
                    }
                    vector(u, spec);
                    for (int k = 0; k < n; k++) {
                        y[(g + k) * c + j] = u[k];
                    }
                }
            }
        }
        return y;
    }

    /** The shape rules every backend applies: a row or column axis whose extent the size divides. */
    public static void check(long rows, long cols, Axis axis, int size) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor extents must be non-negative, got " + rows + " × " + cols);
        }
        if (axis != Axis.ROW && axis != Axis.COL) {
            throw new IllegalArgumentException("a Hadamard transform runs along rows (row) or down columns (col), not "
                    + (axis == null ? "no axis" : axis == Axis.TENSOR ? "the whole tensor" : axis.label));
        }
        long extent = axis == Axis.ROW ? cols : rows;
        if (extent % size != 0) {
            throw new IllegalArgumentException("the Hadamard size " + size + " must divide the transformed axis: "
                    + (axis == Axis.ROW ? cols + " columns (axis row)" : rows + " rows (axis col)")
                    + "; pad the tensor or choose a size that divides it");
        }
    }
}
