package io.exmy.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.block.BlockShape.Axis;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reference transform against its definition: the matrix, the scale, the signs, the inverse. */
class HadamardTest {
    static final float[] TE_SIGNS = {1, 1, 1, -1, 1, -1, -1, -1, -1, -1, -1, 1, -1, 1, -1, -1};

    @Test
    void teSignMaskIsTheSignVector() {
        HadamardSpec te = HadamardSpec.te16();
        for (int i = 0; i < 16; i++) {
            assertEquals(TE_SIGNS[i] < 0, te.negative(i), "sign " + i);
        }
        assertEquals(0xD7E8, te.signWords()[0]);
        assertEquals(te, HadamardSpec.parse("16"));
        assertEquals(te, HadamardSpec.parse("16/te"));
    }

    @Test
    void scaleIsOneOverRootN() {
        for (int n = 2; n <= 256; n <<= 1) {
            assertEquals(1.0f / (float) Math.sqrt(n), Hadamard.scale(n), "n=" + n);
        }
        assertEquals(0.25f, Hadamard.scale(16));
    }

    /**
     * On small integers every sum is exact, so the butterfly must equal the explicit matrix product
     * (1/4)·H·diag(s)·x of Transformer Engine's reference, x @ (diag(s)·H·(1/√16)), exactly.
     */
    @Test
    void equalsTheMatrixProductWhenSumsAreExact() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            float[] x = new float[16];
            for (int i = 0; i < 16; i++) {
                x[i] = r.nextInt(-1000, 1001);
            }
            float[] want = new float[16];
            for (int j = 0; j < 16; j++) {
                double acc = 0;
                for (int i = 0; i < 16; i++) {
                    acc += x[i] * TE_SIGNS[i] * (Integer.bitCount(i & j) % 2 == 0 ? 1 : -1) * 0.25;
                }
                want[j] = (float) acc;
            }
            float[] got = x.clone();
            Hadamard.vector(got, HadamardSpec.te16());
            assertArrayEquals(want, got);
        }
    }

    @Test
    void inverseUndoesForwardExactlyOnExactData() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n = 2; n <= 256; n <<= 1) {
            HadamardSpec s = HadamardSpec.seeded(n, 11);
            float[] x = new float[3 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(-64, 65);
            }
            float[] y = Hadamard.transform(x, 3, n, Axis.ROW, s);
            float[] back = Hadamard.transform(y, 3, n, Axis.ROW, s.inverted());
            if (Integer.numberOfTrailingZeros(n) % 2 == 0) {
                for (int i = 0; i < x.length; i++) { // the scale is a power of two: every step exact (up to the sign of 0)
                    assertTrue(x[i] == back[i], "n=" + n + " i=" + i + ": " + x[i] + " vs " + back[i]);
                }
            } else {
                for (int i = 0; i < x.length; i++) {
                    assertEquals(x[i], back[i], Math.ulp(64f) * 2, "n=" + n + " i=" + i);
                }
            }
        }
    }

    @Test
    void preservesTheNormAndSpreadsAnOutlier() {
        float[] x = new float[16];
        x[5] = 8f;
        Hadamard.vector(x, HadamardSpec.te16());
        for (float v : x) {
            assertEquals(2f, Math.abs(v)); // 8 · 1/4 in every position
        }
    }

    @Test
    void columnAxisIsTheRowAxisOfTheTranspose() {
        SplittableRandom r = new SplittableRandom(3);
        int rows = 32;
        int cols = 5;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        float[] yc = Hadamard.transform(x, rows, cols, Axis.COL, HadamardSpec.te16());
        float[] yr = Hadamard.transform(t, cols, rows, Axis.ROW, HadamardSpec.te16());
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(Float.floatToRawIntBits(yr[j * rows + i]), Float.floatToRawIntBits(yc[i * cols + j]));
            }
        }
    }

    @Test
    void nanIsCanonical() {
        float[] x = new float[4];
        x[0] = Float.intBitsToFloat(0xFFC01234);
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.POSITIVE_INFINITY;
        Hadamard.vector(x, HadamardSpec.plain(4));
        for (float v : x) {
            assertEquals(0x7FC00000, Float.floatToRawIntBits(v));
        }
    }

    @Test
    void textFormRoundTripsAndRejectsNonsense() {
        for (String t : new String[] {"16/te", "16/te/inverse", "64/plain", "8/signs=a5", "256/seed=3"}) {
            HadamardSpec s = HadamardSpec.parse(t);
            assertEquals(s, HadamardSpec.parse(s.format()), t);
        }
        assertNotEquals(HadamardSpec.seeded(64, 1), HadamardSpec.seeded(64, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HadamardSpec.parse("12")).getMessage()
                .contains("power of two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HadamardSpec.parse("512")).getMessage()
                .contains("from 2 to 256"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HadamardSpec.parse("32/te")).getMessage()
                .contains("16 entries"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HadamardSpec.parse("4/signs=ff")).getMessage()
                .contains("beyond the transform size 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HadamardSpec.parse("16/fast")).getMessage()
                .contains("unknown Hadamard option"));
    }
}
