package io.exmy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The reduction orders, checked against the same orders written another way. */
class LaneOrderTest {
    /** The xor butterfly as lane 0 sees it: halve the list, adding the upper half onto the lower. */
    static float halving(float[] a) {
        float[] x = a.clone();
        for (int half = 16; half >= 1; half /= 2) {
            for (int l = 0; l < half; l++) {
                x[l] = x[l] + x[l + half];
            }
        }
        return x[0];
    }

    /** Values whose float sum depends on the order: huge ones cancel, small ones get lost or not. */
    static float[] cancelling(int n) {
        float[] v = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextBoolean() ? 1e8 : 1) * (r.nextDouble() - 0.5));
        }
        return v;
    }

    @Test
    void warpSumIsLaneAccumulationThenButterfly() {
        for (int n : new int[] {1, 31, 32, 33, 100, 1000}) {
            float[] v = cancelling(n);
            float[] lanes = new float[32];
            for (int l = 0; l < 32; l++) {
                for (int j = l; j < n; j += 32) {
                    lanes[l] += v[j];
                }
            }
            assertEquals(halving(lanes), LaneOrder.sum(n, 32, j -> v[j]), "n=" + n);
        }
    }

    @Test
    void blockSumCombinesWarpTotalsByTheButterfly() {
        int n = 3000;
        float[] v = cancelling(n);
        float[] totals = new float[32];
        for (int w = 0; w < 8; w++) {
            float[] lanes = new float[32];
            for (int l = 0; l < 32; l++) {
                for (int j = w * 32 + l; j < n; j += 256) {
                    lanes[l] += v[j];
                }
            }
            totals[w] = halving(lanes);
        }
        assertEquals(halving(totals), LaneOrder.sum(n, 256, j -> v[j]));
    }

    @Test
    void theOrderMatters() {
        // the test above could not fail if every order gave the same bits
        float[] v = cancelling(1000);
        float sequential = 0;
        for (float x : v) {
            sequential += x;
        }
        assertNotEquals(sequential, LaneOrder.sum(v.length, 32, j -> v[j]));
    }

    @Test
    void dotAccumulatesWithFusedMultiplyAdd() {
        float[] a = {1 + 0x1p-12f, 3};
        float[] b = {1 - 0x1p-12f, -1};
        // lane 0: fma(a0, b0, 0) = 1 − 2^-24 exactly; lane 1: −3; then 1 − 2^-24 − 3 rounds to −2
        float fused = Math.fma(a[0], b[0], 0.0f);
        assertEquals(1 - 0x1p-24f, fused);
        assertEquals(fused + -3.0f, LaneOrder.dot(2, 32, j -> a[j], j -> b[j]));
    }

    @Test
    void laneCountsAreWarpMultiples() {
        assertThrows(IllegalArgumentException.class, () -> LaneOrder.sum(10, 48, j -> 1));
    }

    @Test
    void columnOrderChunksRowsThenFoldsInWarpOrder() {
        int rows = 8 * 40 + 3;
        int cols = 3;
        float[] m = cancelling(rows * cols);
        float[] dst = {1, 2, 3};
        float[] expected = dst.clone();
        for (int c = 0; c < cols; c++) {
            int chunks = (rows + 7) / 8;
            float[] partial = new float[chunks];
            for (int k = 0; k < chunks; k++) {
                for (int r = 8 * k; r < Math.min(rows, 8 * k + 8); r++) {
                    partial[k] += m[r * cols + c];
                }
            }
            float[] lanes = new float[32];
            for (int l = 0; l < 32; l++) {
                for (int k = l; k < chunks; k += 32) {
                    lanes[l] += partial[k];
                }
            }
            expected[c] += halving(lanes);
        }
        Elementwise.biasBackward(dst, 0, m, 0, rows, cols);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(dst));
    }
}
