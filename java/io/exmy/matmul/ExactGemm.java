package io.exmy.matmul;

import java.util.stream.IntStream;

/**
 * The reference GEMM, the specification of {@link io.exmy.backend.MatmulOps#gemm}: each output
 * {@code C_b[i][j]} is the FMA chain {@code acc = Math.fma(op(A)[i][k], op(B)[k][j], acc)} over
 * k = 0, 1, …, K−1, from +0 (or from {@code C_b[i][j]} when accumulating), and a NaN result is
 * stored as {@link #CANONICAL_NAN}.
 *
 * <p>How it runs (none of it changes a result): op(B) is packed into strips of 4 columns, k-major;
 * each task takes 4 rows of one batch, packs them k-major, and walks every 4-column strip with a
 * 4×4 tile of running sums in locals, one {@code Math.fma} per k per output, k ascending. Rows and
 * columns beyond m and n are padded with zeros (their outputs are dropped); k is never padded.
 * Tasks run in parallel, each output computed by exactly one.
 */
public final class ExactGemm {
    /** The quiet NaN every NaN output becomes (as {@code EXMY_CANONICAL_NAN} in the kernels). */
    public static final int CANONICAL_NAN = 0x7FC00000;

    private static final int R = 4;

    private ExactGemm() {
    }

    /**
     * Which NaN an FMA returns is left open by IEEE 754 and differs between the GPU, x86 and the
     * JVM's interpreter; whether it is NaN does not. So NaN outputs are stored as one NaN.
     */
    public static float canonical(float x) {
        return x != x ? Float.intBitsToFloat(CANONICAL_NAN) : x;
    }

    /** C (at cOff) = op(A) (at aOff) · op(B) (at bOff) for every batch of {@code s}. */
    public static void gemm(GemmShape s, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (s.m() == 0 || s.n() == 0) {
            return;
        }
        float[][] packedB = new float[s.batch()][];
        IntStream.range(0, s.batch()).parallel().forEach(z -> packedB[z] = packB(s, b, bOff + (int) (z * s.strideB())));
        int strips = (s.m() + R - 1) / R;
        IntStream.range(0, s.batch() * strips).parallel().forEach(task -> {
            int z = task / strips;
            int i0 = (task % strips) * R;
            rowStrip(s, a, aOff + (int) (z * s.strideA()), packedB[z], c, cOff + (int) (z * s.strideC()), i0);
        });
    }

    /** op(B) as strips of 4 columns: element (k, 4t + q) at [t·4K + 4k + q], zero beyond n. */
    private static float[] packB(GemmShape s, float[] b, int base) {
        int k = s.k();
        int strips = (s.n() + R - 1) / R;
        float[] p = new float[strips * R * k];
        for (int t = 0; t < strips; t++) {
            for (int q = 0; q < R && t * R + q < s.n(); q++) {
                int j = t * R + q;
                for (int kk = 0; kk < k; kk++) {
                    p[t * R * k + kk * R + q] = b[base + (int) s.bIndex(kk, j)];
                }
            }
        }
        return p;
    }

    /** Rows i0 … i0+3 of one batch's C, every column. */
    private static void rowStrip(GemmShape s, float[] a, int aBase, float[] bp, float[] c, int cBase, int i0) {
        int k = s.k();
        int rows = Math.min(R, s.m() - i0);
        float[] ap = new float[R * k];
        for (int r = 0; r < rows; r++) {
            for (int kk = 0; kk < k; kk++) {
                ap[kk * R + r] = a[aBase + (int) s.aIndex(i0 + r, kk)];
            }
        }
        float[] init = new float[R * R];
        float[] out = new float[R * R];
        for (int j0 = 0; j0 < s.n(); j0 += R) {
            int cols = Math.min(R, s.n() - j0);
            if (s.accumulate()) {
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        init[r * R + q] = c[cBase + (i0 + r) * s.ldc() + j0 + q];
                    }
                }
            }
            tile(k, ap, bp, (j0 / R) * R * k, init, out);
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) {
                    c[cBase + (i0 + r) * s.ldc() + j0 + q] = canonical(out[r * R + q]);
                }
            }
        }
    }

    /** out (4×4) = the FMA chains over k from init, with packed op(A) rows and an op(B) strip at bo. */
    private static void tile(int k, float[] ap, float[] bp, int bo, float[] init, float[] out) {
        float c00 = init[0], c01 = init[1], c02 = init[2], c03 = init[3];
        float c10 = init[4], c11 = init[5], c12 = init[6], c13 = init[7];
        float c20 = init[8], c21 = init[9], c22 = init[10], c23 = init[11];
        float c30 = init[12], c31 = init[13], c32 = init[14], c33 = init[15];
        for (int kk = 0; kk < k; kk++) {
            int p = kk * R;
            int q = bo + p;
            float a0 = ap[p], a1 = ap[p + 1], a2 = ap[p + 2], a3 = ap[p + 3];
            float b0 = bp[q], b1 = bp[q + 1], b2 = bp[q + 2], b3 = bp[q + 3];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        out[0] = c00;
        out[1] = c01;
        out[2] = c02;
        out[3] = c03;
        out[4] = c10;
        out[5] = c11;
        out[6] = c12;
        out[7] = c13;
        out[8] = c20;
        out[9] = c21;
        out[10] = c22;
        out[11] = c23;
        out[12] = c30;
        out[13] = c31;
        out[14] = c32;
        out[15] = c33;
    }
}
