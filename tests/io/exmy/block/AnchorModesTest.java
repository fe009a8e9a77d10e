package io.exmy.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.format.ExmyCast;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The libraries' block modes on vectors that tell them apart (docs/FORMATS.md, "Reproducing the
 * libraries"). Expected values were computed independently in numpy float32 from the libraries'
 * published code: torchao {@code mx_tensor.py} {@code to_mx} (FLOOR, CEIL, EVEN) and
 * {@code nvfp4_tensor.py} {@code _nvfp4_quantize}; Transformer Engine {@code float_to_e8m0}
 * ({@code common/util/ptx.cuh}) with {@code amax · fl32(1/448)}, and {@code core_nvfp4.cuh}.
 */
class AnchorModesTest {

    /** The E8M0 exponent (code − 127) a one-block tensor of amax {@code a} gets under a scheme. */
    static int exponent(String scheme, float a) {
        BlockCodes c = BlockQuantizer.quantize(new float[] {a, -a / 3}, 1, 2, 0, BlockSchemes.parse(scheme));
        return (c.scaleCodes()[0] & 0xFF) - 127;
    }

    @ParameterizedTest(name = "e4m3 amax {0}: floor {1}, rceil {2}, even {3}, pceil {4}, ceil {5}")
    @CsvSource({
        // 400 = 1.5625·2^8: only torchao's CEIL (pceil) rounds a non-power of two up
        "400, 0, 0, 0, 1, 0",
        // 448 = max: TE's amax·fl(1/448) is exactly 1, so rceil stays
        "448, 0, 0, 0, 1, 0",
        // just above max: rceil and ceil step up, EVEN's rounding (1.75390625 → 1.75) does not
        "449, 0, 1, 0, 1, 1",
        "480, 0, 1, 0, 1, 1",
        // 496 = 1.9375·2^8 rounds at 3 mantissa bits to 2^9: EVEN's binade bump
        "496, 0, 1, 1, 1, 1",
        "256, 0, 0, 0, 0, 0",
        // 30/448 = 0.067 rounds up to 2^-3 under rceil (and ceil: 30/2^-4 = 480 > 448); floor and even stay at 2^-4
        "30, -4, -3, -4, -3, -3",
    })
    void e4m3ScaleExponents(float amax, int floor, int rceil, int even, int pceil, int ceil) {
        assertEquals(floor, exponent("e4m3/b32/row/e8m0/floor", amax), "floor");
        assertEquals(rceil, exponent("mxfp8-te", amax), "rceil");
        assertEquals(even, exponent("e4m3/b32/row/e8m0/even", amax), "even");
        assertEquals(pceil, exponent("e4m3/b32/row/e8m0/pceil", amax), "pceil");
        assertEquals(ceil, exponent("e4m3/b32/row/e8m0/ceil", amax), "ceil");
    }

    @ParameterizedTest(name = "e2m1 amax {0}: floor {1}, rceil {2}, even {3}, pceil {4}")
    @CsvSource({
        "6, 0, 0, 0, 1",
        // 7 = 1.75·4 rounds at one mantissa bit up to 8: even steps up, floor saturates 7 → 6
        "7, 0, 1, 1, 1",
        "5.9, 0, 0, 0, 1",
        "12, 1, 1, 1, 2",
        "4, 0, 0, 0, 0",
    })
    void e2m1ScaleExponents(float amax, int floor, int rceil, int even, int pceil) {
        assertEquals(floor, exponent("mxfp4", amax), "floor");
        assertEquals(rceil, exponent("e2m1/b32/row/e8m0/rceil", amax), "rceil");
        assertEquals(even, exponent("e2m1/b32/row/e8m0/even", amax), "even");
        assertEquals(pceil, exponent("e2m1/b32/row/e8m0/pceil", amax), "pceil");
    }

    @Test
    void rceilMultipliesCodeZeroBlocksByOneAsTransformerEngineAndTorchaoDo() {
        // amax 2^-125: floor's X = -133 clamps to -127 and x / 2^-127 = 4 survives; rceil's
        // d = 2^-125/448 <= 2^-127 is code 0, whose elements TE and torchao multiply by 1: all round to 0
        float x = (float) Math.scalb(1.0, -125);
        assertEquals(x, BlockQuantizer.fakeQuantize(new float[] {x}, 1, 1, 0, BlockSchemes.MXFP8_E4M3)[0]);
        BlockCodes c = BlockQuantizer.quantize(new float[] {x, -x}, 1, 2, 0, BlockSchemes.MXFP8_TE);
        assertEquals(0, c.scaleCodes()[0]);
        float[] y = BlockQuantizer.fakeQuantize(new float[] {x, -x}, 1, 2, 0, BlockSchemes.MXFP8_TE);
        assertEquals(0x00000000, Float.floatToRawIntBits(y[0]));
        assertEquals(0x80000000, Float.floatToRawIntBits(y[1]));
    }

    @Test
    void nvfp4TorchaoAgainstTransformerEngine() {
        float[] x = new float[32];
        float[] head = {12, 5, -3.1f, 0.2f};
        float[] tail = {0.5f, -0.07f, 0.01f, 0.3f};
        System.arraycopy(head, 0, x, 0, 4);
        java.util.Arrays.fill(x, 4, 16, 1f);
        System.arraycopy(tail, 0, x, 16, 4);
        BlockCodes ao = BlockQuantizer.quantize(x, 1, 32, 0, BlockSchemes.NVFP4_TORCHAO);
        // P = 12 / 2688 (stored as is; TE stores 1/ges = 1/224, the same bits here); block scales 448 and 18
        assertEquals(0x3b924925, Float.floatToRawIntBits(ao.tensorScale()));
        assertArrayEquals(new byte[] {0x7E, 0x59}, ao.scaleCodes());
        float[] y = BlockQuantizer.fakeQuantize(x, 1, 32, 0, BlockSchemes.NVFP4_TORCHAO);
        int[] want = {0x41400000, 0x40800000, 0xc0400000, 0x0, 0x3ef6db6f, 0xbda4924a, 0x0, 0x3ea4924a};
        int[] at = {0, 1, 2, 3, 16, 17, 18, 19};
        for (int i = 0; i < at.length; i++) {
            assertEquals(want[i], Float.floatToRawIntBits(y[at[i]]), "torchao element " + at[i]);
        }
        // TE dequantizes (q · s) · gds: 6 · 448 · (1/224) = 12.000001; torchao q · (P · s) = 12 exactly
        float[] te = BlockQuantizer.fakeQuantize(x, 1, 32, 0, BlockSchemes.NVFP4);
        assertEquals(12.000001f, te[0]);
        assertEquals(12f, y[0]);
    }

    @Test
    void nvfp4TorchaoEdges() {
        // torchao clamps block scales below at E4M3's smallest normal 2^-6: a zero block gets code 0x08
        float[] x = new float[32];
        x[0] = 6;
        BlockCodes c = BlockQuantizer.quantize(x, 1, 32, 0, BlockSchemes.NVFP4_TORCHAO);
        assertArrayEquals(new byte[] {0x7E, 0x08}, c.scaleCodes());
        // an all-zero tensor: P = 0, every block scale 0/0: torchao returns NaN everywhere, and so does exmy
        float[] z = BlockQuantizer.fakeQuantize(new float[] {0, -0f, 0}, 1, 3, 0, BlockSchemes.NVFP4_TORCHAO);
        assertEquals(ExmyCast.QNAN, Float.floatToRawIntBits(z[0]));
        assertEquals(ExmyCast.QNAN | 0x80000000, Float.floatToRawIntBits(z[1]));
        // TE: amax 0 gives the global encode scale 1 and zeros
        BlockCodes te = BlockQuantizer.quantize(new float[] {0, -0f}, 1, 2, 0, BlockSchemes.NVFP4);
        assertEquals(1f, te.tensorScale());
        assertEquals(0, te.scaleCodes()[0]);
    }

    @Test
    void tilesShareOneScalePerRxCBlock() {
        // 4×4 tensor in 2×2 tiles, e2m1 elements, e8m0 floor: tile (0,0) {12, 1, 2, 3} gets 2^(3−2) = 2,
        // tile (0,1) {0.5, 0.25, …} 2^(−1−2), tile (1,0) {1, …} 2^(0−2), tile (1,1) {3, 1, …} 2^(1−2)
        float[] x = {
            12, 1, 0.5f, 0.25f,
            2, 3, 0.5f, 0.25f,
            1, 1, 3, 1,
            1, 1, 1, 1};
        BlockScheme s = BlockSchemes.parse("e2m1/b2x2/e8m0/floor");
        BlockCodes c = BlockQuantizer.quantize(x, 4, 4, 0, s);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x7C, 0x7D, 0x7E}, c.scaleCodes());
        float[] y = BlockQuantizer.fakeQuantize(x, 4, 4, 0, s);
        assertEquals(12f, y[0]);
        assertEquals(1f, y[1]); // 1 / 2 = 0.5, E2M1's subnormal, kept
        assertEquals(2f, y[4]); // row 1 is in the same tile as row 0
        assertEquals("e2m1/b2x2/e8m0/floor", s.toString());
        assertEquals(s, BlockSchemes.parse(s.toString()));
    }

    @Test
    void schemeTextFormsRoundTrip() {
        for (String t : new String[] {"mxfp8-te", "mxfp8-te/col", "nvfp4-torchao", "e2m1/b16x16/e4m3/amax/ts",
                "nvfp4-torchao/sr/seed=3", "e2m1/b8/row/e4m3/amax/ts=torchao", "mxfp8_e4m3/compat=qpytorch",
                "e5m2/b8/row/fp32/amax/compat=qpytorch/sr/seed=4", "e3m2/b32/row/e8m0/even", "e4m3/b32/row/e8m0/pceil",
                // QPyTorch at E = 1, at E = 8, and at M = 23, where it computes stochastic rounding only
                "e1m2/b8/row/fp32/amax/compat=qpytorch", "bf16/b32/row/e8m0/floor/compat=qpytorch",
                "e2m23/b8/row/fp32/amax/compat=qpytorch/sr/seed=3"}) {
            BlockScheme s = BlockSchemes.parse(t);
            assertEquals(t, s.toString(), t);
        }
        assertThrows(IllegalArgumentException.class, () -> BlockSchemes.parse("mxfp4/compat=qpytorch/rne"));
        assertThrows(IllegalArgumentException.class, () -> BlockSchemes.parse("e2m23/b8/row/fp32/amax/compat=qpytorch"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockSchemes.parse("int8/b32/row/e8m0/floor/compat=qpytorch"));
        assertTrue(e.getMessage().contains("integer grid"), e.getMessage());
    }
}
