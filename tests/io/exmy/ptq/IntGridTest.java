package io.exmy.ptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.format.Format;
import org.junit.jupiter.api.Test;

/**
 * The quantizer against values computed independently in numpy float32 by the formulas of the
 * GPTQ reference code's {@code quant.py} (IST-DASLab/gptq 2e22596c; {@code np.round} rounds half
 * to even like {@code torch.round}): scale, zero point, codes and dequantized values, bit for bit.
 */
class IntGridTest {
    static void check(float[] x, int bits, boolean sym, float scale, float zero, int[] codes, float[] values) {
        IntGrid g = new IntGrid(bits, sym);
        IntGrid.Params p = g.fit(x, 0, 1, x.length);
        assertEquals(Float.floatToRawIntBits(scale), Float.floatToRawIntBits(p.scale()), "scale " + p.scale());
        assertEquals(zero, p.zero(), "zero point");
        int[] c = new int[x.length];
        float[] v = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = g.code(x[i], p);
            v[i] = g.quantize(x[i], p);
        }
        assertArrayEquals(codes, c, "codes");
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(v[i]),
                    "value " + i + ": expected " + values[i] + ", got " + v[i]);
        }
    }

    @Test
    void asymmetricFourBits() {
        // xmin −0.5, xmax 1 → scale 1.5/15 = 0.1f, zero rne(0.5/0.1f) = 5; 0.25/0.1f = 2.5 → 2 (tie to even) + 5
        check(new float[] {-0.5f, 0.1f, 1.0f, 0.25f, 0.37f}, 4, false, 0.1f, 5,
                new int[] {0, 6, 15, 7, 9}, new float[] {-0.5f, 0.1f, 1.0f, 0.2f, 0.4f});
    }

    @Test
    void asymmetricTwoBitsAndEightBits() {
        // scale 3.9/3 = 1.3000001, zero rne(1.7/1.3000001) = 1: the grid −1.3, 0, 1.3, 2.6
        check(new float[] {0.3f, -1.7f, 2.2f, 0.05f}, 2, false, 1.3000001f, 1,
                new int[] {1, 0, 3, 1}, new float[] {0, -1.3000001f, 2.6000001f, 0});
        check(new float[] {1e-3f, -2e-3f, 5e-4f}, 8, false, 1.1764706e-05f, 170,
                new int[] {255, 0, 212}, new float[] {0.001f, -0.002f, Float.intBitsToFloat(0x3a0187ad)}); // 42·scale
    }

    @Test
    void symmetricIsTheReferencesGrid() {
        // xmax = max(0.5, 1) = 1, xmin = −1: scale 2/15, zero 8; 1.0 → 7.5 → 8 (tie to even) + 8 = 16 clamps to 15
        check(new float[] {-0.5f, 0.1f, 1.0f, 0.25f, 0.37f}, 4, true, 0.13333334f, 8,
                new int[] {4, 9, 15, 10, 11}, new float[] {-0.53333336f, 0.13333334f, 0.9333334f, 0.26666668f, 0.40000004f});
        // no negative value: xmin stays 0, scale 0.9/7, zero 4, so the top clamps at 3·scale (the reference's quirk)
        check(new float[] {0.2f, 0.9f, 0.5f, 0.0f}, 3, true, 0.12857142f, 4,
                new int[] {6, 7, 7, 4}, new float[] {0.25714284f, 0.38571426f, 0.38571426f, 0});
    }

    @Test
    void zeroGroupGetsTheUnitRange() {
        // xmin = xmax = 0 → −1 … 1: scale 2/3, zero rne(1.5) = 2, every code 2, every value 0
        check(new float[] {0, 0, 0}, 2, false, 0.6666667f, 2, new int[] {2, 2, 2}, new float[] {0, 0, 0});
    }

    @Test
    void bitsFromIntegerPresets() {
        assertEquals(4, IntGrid.of(Format.parse("int4"), false).bits());
        assertEquals(8, IntGrid.of(Format.parse("int8"), true).bits());
        assertEquals(2, IntGrid.of(Format.parse("e0m1"), false).bits());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntGrid.of(Format.parse("e2m1"), false));
        assertTrue(e.getMessage().contains("int2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IntGrid(1, false).fit(new float[] {Float.NaN}, 0, 1, 1));
    }
}
