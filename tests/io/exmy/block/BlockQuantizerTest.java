package io.exmy.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.exmy.backend.BitAssert;
import io.exmy.format.ExmyCast;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference block quantizer on hand-worked examples: every preset and rule, every edge case of
 * docs/FORMATS.md ("Block scaling"), whose tables quote these cases. The MX and NVFP4 examples
 * were computed independently in numpy float32 from microxcaling's {@code mx_ops.py} and
 * Transformer Engine's {@code reference_nvfp4.py}.
 */
class BlockQuantizerTest {
    static final float NAN = Float.intBitsToFloat(ExmyCast.QNAN);
    static final float NEG_NAN = Float.intBitsToFloat(ExmyCast.QNAN | 0x80000000);

    static float[] fake(String scheme, int rows, int cols, float... x) {
        return BlockQuantizer.fakeQuantize(x, rows, cols, 0, BlockSchemes.parse(scheme));
    }

    static BlockCodes codes(String scheme, int rows, int cols, float... x) {
        return BlockQuantizer.quantize(x, rows, cols, 0, BlockSchemes.parse(scheme));
    }

    static void bits(float[] expected, float[] got) {
        BitAssert.floatsEqual(expected, got, null, "reference");
    }

    static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    static float p2(int e) {
        return (float) Math.scalb(1.0, e);
    }

    // ---- presets ----

    @Test
    void mxfp4() {
        // amax 12: X = ⌊log2 12⌋ − emax(e2m1) = 3 − 2 = 1, scale 2 (E8M0 code 127 + 1)
        float[] x = {12, 11, -5, 0.75f, 0.3f, -0f, 2.9f};
        bits(new float[] {12, 12, -4, 1, 0, -0f, 3}, fake("mxfp4", 1, 7, x));
        BlockCodes c = codes("mxfp4", 1, 7, x);
        assertArrayEquals(bytes(0x80), c.scaleCodes());
        // q = 6, 6 (5.5 rounds up), −2 (−2.5: tie to even), 0.5, 0, −0, 1.5 → codes 7 7 C 1 0 8 3, low nibble first
        assertArrayEquals(bytes(0x77, 0x1C, 0x80, 0x03), c.codes());
    }

    @Test
    void mxfp8E4m3() {
        // amax 1000: X = 9 − 8 = 1; 1000/2 = 500 rounds to 512 > 448 and saturates
        float[] x = {1000, 3.3f, -0.01f, 100};
        bits(new float[] {896, 3.25f, -0.01171875f, 96}, fake("mxfp8_e4m3", 1, 4, x));
        BlockCodes c = codes("mxfp8_e4m3", 1, 4, x);
        assertArrayEquals(bytes(0x80), c.scaleCodes());
        assertArrayEquals(bytes(0x7E, 0x3D, 0x83, 0x64), c.codes()); // 448, 1.625, −3·2^−9, 48 (50: tie to even)
    }

    @Test
    void otherMxPresets() {
        // e5m2: emax 15; amax 1e6 → X = 19 − 15 = 4, 1e6/16 = 62500 > 57344 saturates
        bits(new float[] {917504, 1024, -16}, fake("mxfp8_e5m2", 1, 3, 1e6f, 1000, -17));
        // e3m2: emax 4, max 28; amax 100 → X = 6 − 4 = 2; 100/4 = 25 → 24 (spacing 4 there)
        bits(new float[] {96, 1, 0.25f}, fake("mxfp6_e3m2", 1, 3, 100, 1, 0.3f));
        // e2m3: emax 2, max 7.5; amax 30 → X = 4 − 2 = 2; 30/4 = 7.5; 1.1/4 = 0.275 → 0.25 (spacing 1/8)
        bits(new float[] {30, 1, -0.5f}, fake("mxfp6_e2m3", 1, 3, 30, 1.1f, -0.55f));
    }

    @Test
    void nvfp4FollowsTransformerEngine() {
        float[] x = new float[32];
        float[] head = {12, 5, -3.1f, 0.2f};
        System.arraycopy(head, 0, x, 0, 4);
        Arrays.fill(x, 4, 16, 1f);
        float[] second = {0.5f, -0.07f, 0.01f, 0.3f};
        System.arraycopy(second, 0, x, 16, 4);
        BlockCodes c = codes("nvfp4", 1, 32, x);
        // G = 12: ges = 2688/12 = 224, gds = 1/224, mult = 224 · fl(1/6) = 37.333336
        assertEquals(0x3b924925, Float.floatToRawIntBits(c.tensorScale()));
        // block scales: 12 · mult → 448 (0x7E); 0.5 · mult = 18.67 → E4M3 18 (0x59)
        assertArrayEquals(bytes(0x7E, 0x59), c.scaleCodes());
        float[] y = fake("nvfp4", 1, 32, x);
        assertEquals(0x41400001, Float.floatToRawIntBits(y[0])); // 6 · 448 · gds = 12.000001
        assertEquals(4f, y[1]);
        assertEquals(0xc0400001, Float.floatToRawIntBits(y[2]));
        assertEquals(0, Float.floatToRawIntBits(y[3]));
        assertEquals(1f, y[4]);
        assertEquals(0x3ef6db6e, Float.floatToRawIntBits(y[16]));
        assertEquals(0xbda4924a, Float.floatToRawIntBits(y[17]));
        assertEquals(0, Float.floatToRawIntBits(y[18]));
        assertEquals(0x3ea4924a, Float.floatToRawIntBits(y[19]));
        bits(Arrays.copyOfRange(y, 20, 32), new float[12]);
        assertEquals(0x47, c.codes()[0] & 0xFF); // 6, then 2 (5 · es = 2.5: tie to even)
        assertEquals(0x0B, c.codes()[1] & 0xFF); // −1.5, then 0
    }

    @Test
    void nvfp4KeepsTheSignOfZeroUnlikeTransformerEngine() {
        BlockCodes c = codes("nvfp4", 1, 2, 3f, -0f);
        assertEquals(0x87, c.codes()[0] & 0xFF); // TE's table writes 0x07: −0.0 → code 0
        assertEquals(0x80000000, Float.floatToRawIntBits(fake("nvfp4", 1, 2, 3f, -0f)[1]));
    }

    @Test
    void nvfp4TensorScaleEdges() {
        // all zeros: G = 0 gives ges = 1 (TE's compute_global_encode_scaling_factor_FP4), gds = 1; block scales 0
        BlockCodes z = codes("nvfp4", 1, 3, 0f, -0f, 0f);
        assertEquals(1f, z.tensorScale());
        assertArrayEquals(bytes(0), z.scaleCodes());
        bits(new float[] {0, -0f, 0}, fake("nvfp4", 1, 3, 0f, -0f, 0f));
        // an inf: G = inf, ges = 0 → 1; that block's scale saturates at 448, inf → 6 → 6 · 448 = 2688
        float[] inf = new float[20];
        inf[0] = Float.POSITIVE_INFINITY;
        inf[1] = 100;
        inf[16] = 3;
        BlockCodes ci = codes("nvfp4", 1, 20, inf);
        assertEquals(1f, ci.tensorScale());
        assertArrayEquals(bytes(0x7E, 0x30), ci.scaleCodes()); // 448; 3 · (1/6) = 0.5
        float[] yi = fake("nvfp4", 1, 20, inf);
        assertEquals(2688f, yi[0]);
        assertEquals(0f, yi[1]); // 100 / 448 = 0.22 < 0.25
        assertEquals(3f, yi[16]);
        // a NaN anywhere: G is NaN and, as in TE, every scale and every element is NaN
        float[] n = {1, 2, Float.NaN, -4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, -17};
        BlockCodes cn = codes("nvfp4", 1, 17, n);
        assertEquals(ExmyCast.QNAN, Float.floatToRawIntBits(cn.tensorScale()));
        assertArrayEquals(bytes(0x7F, 0x7F), cn.scaleCodes());
        float[] yn = fake("nvfp4", 1, 17, n);
        assertEquals(ExmyCast.QNAN, Float.floatToRawIntBits(yn[0]));
        assertEquals(ExmyCast.QNAN | 0x80000000, Float.floatToRawIntBits(yn[3]));
        assertEquals(ExmyCast.QNAN | 0x80000000, Float.floatToRawIntBits(yn[16]));
        bits(yn, BlockQuantizer.dequantize(cn));
    }

    // ---- rules ----

    @Test
    void ceilRule() {
        // amax 1000 = 1.95 · 2^9 > 1.75 · 2^8 (e4m3 max): X = 9 − 8 + 1 = 2, so 1000/4 = 250 ≤ 448
        BlockCodes c = codes("e4m3/b32/row/e8m0/ceil", 1, 2, 1000, 3.3f);
        assertArrayEquals(bytes(129), c.scaleCodes());
        bits(new float[] {1024, 3.25f}, fake("e4m3/b32/row/e8m0/ceil", 1, 2, 1000, 3.3f));
        // amax exactly the element max times a power of two: no rounding up
        assertArrayEquals(bytes(127 + 3), codes("e4m3/b32/row/e8m0/ceil", 1, 1, 448 * 8).scaleCodes());
        assertArrayEquals(bytes(127 + 4), codes("e4m3/b32/row/e8m0/ceil", 1, 1, 449 * 8).scaleCodes());
        // floor keeps 2^(⌊log2 3592⌋ − 8) = 2^3 and lets 3592/8 = 449 round (here to 448, no saturation needed)
        assertArrayEquals(bytes(127 + 3), codes("mxfp8_e4m3", 1, 1, 449 * 8).scaleCodes());
    }

    @Test
    void amaxRuleWithFp32Scale() {
        BlockCodes c = codes("e4m3/b32/row/fp32/amax", 1, 4, 896, 3, 0.001f, -100);
        assertArrayEquals(new float[] {2}, c.scaleValues()); // 896 / 448
        bits(new float[] {896, 3, 0, -96}, BlockQuantizer.dequantize(c)); // −50 is a tie: 48 has the even mantissa
    }

    @Test
    void amaxRuleWithE8m0ScaleRoundsToTheNearestPowerOfTwo() {
        // 1400/6 = 233 ≥ 1.5 · 128 → 256; 1000/6 = 167 < 192 → 128 (and 1000/128 = 7.8 saturates to 6)
        BlockCodes c = codes("e2m1/b4/row/e8m0/amax", 1, 8, 1400, 0, 0, 0, 1000, 0, 0, 0);
        assertArrayEquals(bytes(127 + 8, 127 + 7), c.scaleCodes());
        bits(new float[] {1536, 0, 0, 0, 768, 0, 0, 0}, BlockQuantizer.dequantize(c));
        // a tie, 1.5 · 2^e, goes up (exmy's M = 0 rule)
        assertArrayEquals(bytes(127 + 2), codes("e2m1/b4/row/e8m0/amax", 1, 1, 6 * 3).scaleCodes());
    }

    @Test
    void amaxScaleSaturatesAtTheScaleFormatsMax() {
        // 6000/6 = 1000 > 448: the scale saturates to 448 and the elements to ±6
        BlockCodes c = codes("e2m1/b32/row/e4m3/amax", 1, 2, 6000, 100);
        assertArrayEquals(bytes(0x7E), c.scaleCodes());
        bits(new float[] {2688, 0}, BlockQuantizer.dequantize(c));
    }

    @Test
    void amaxScaleThatRoundsToZeroQuantizesTheBlockToZeros() {
        // 0.001/6 is below half of e4m3's smallest subnormal 2^−9: S = 0, q = ±0
        BlockCodes c = codes("e2m1/b32/row/e4m3/amax", 1, 2, 0.001f, -0.0005f);
        assertArrayEquals(bytes(0), c.scaleCodes());
        assertArrayEquals(bytes(0x80), c.codes());
        bits(new float[] {0, -0f}, fake("e2m1/b32/row/e4m3/amax", 1, 2, 0.001f, -0.0005f));
    }

    // ---- edge cases ----

    @Test
    void allZeroBlocksGetTheSmallestPowerOfTwoAndStayZero() {
        float[] z = {0, -0f, 0};
        for (String s : List.of("mxfp8_e4m3", "mxfp4", "e4m3/b32/row/e8m0/ceil")) {
            assertArrayEquals(bytes(0), codes(s, 1, 3, z).scaleCodes(), s); // 2^−127
            bits(z, fake(s, 1, 3, z));
        }
        assertArrayEquals(new float[] {p2(-149)}, codes("e4m3/b32/row/fp32/floor", 1, 3, z).scaleValues());
        assertArrayEquals(new float[] {0}, codes("e4m3/b32/row/fp32/amax", 1, 3, z).scaleValues());
        bits(z, fake("e4m3/b32/row/fp32/amax", 1, 3, z));
        assertArrayEquals(bytes(0), codes("e4m3/b32/row/e8m0/amax", 1, 3, z).scaleCodes()); // e8m0 has no zero
    }

    @Test
    void nanOrInfMakesTheBlockNaNAndLeavesOtherBlocksAlone() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] x = new float[40];
            Arrays.fill(x, 1f);
            x[1] = bad;
            x[2] = -2;
            x[33] = 3;
            float[] y = fake("mxfp8_e4m3", 1, 40, x);
            for (int i = 0; i < 32; i++) {
                assertEquals(i == 2 || (i == 1 && bad < 0) ? ExmyCast.QNAN | 0x80000000 : ExmyCast.QNAN,
                        Float.floatToRawIntBits(y[i]), "element " + i + " with " + bad);
            }
            assertEquals(3f, y[33]);
            assertEquals(1f, y[39]);
            BlockCodes c = codes("mxfp8_e4m3", 1, 40, x);
            assertEquals(0xFF, c.scaleCodes()[0] & 0xFF);
            assertEquals(127 + 1 - 8, c.scaleCodes()[1] & 0xFF); // amax 3: X = 1 − 8
            assertEquals(0x7F, c.codes()[0] & 0xFF); // e4m3's NaN code, with the element's sign
            assertEquals(0xFF, c.codes()[2] & 0xFF);
            bits(y, BlockQuantizer.dequantize(c));
        }
        // e2m1 has no NaN code: the elements of a NaN block encode as ±6 and decode to NaN through the scale
        BlockCodes c = codes("mxfp4", 1, 3, 1, Float.NaN, -1);
        assertArrayEquals(bytes(0xFF), c.scaleCodes());
        assertArrayEquals(bytes(0x77, 0x0F), c.codes());
        bits(new float[] {NAN, NAN, NEG_NAN}, BlockQuantizer.dequantize(c));
    }

    @Test
    void scaleExponentClampsAtTheScaleFormatsRange() {
        // underflow: ⌊log2 2^−130⌋ − 8 = −138 → −127; 2^−130 / 2^−127 = 1/8 is exact, 2^−140 / 2^−127 vanishes
        BlockCodes c = codes("mxfp8_e4m3", 1, 2, p2(-130), -p2(-140));
        assertArrayEquals(bytes(0), c.scaleCodes());
        bits(new float[] {p2(-130), -0f}, BlockQuantizer.dequantize(c));
        // overflow: an element format whose max is 1.75 · 2^−5 needs X = 127 + 5 = 132 → 127, and saturates
        String tiny = "e4m3:bias=20/b32/row/e8m0/floor";
        BlockCodes o = codes(tiny, 1, 1, p2(127));
        assertArrayEquals(bytes(254), o.scaleCodes());
        bits(new float[] {(float) (1.75 * Math.scalb(1.0, -5 + 127))}, BlockQuantizer.dequantize(o));
        // e4m3 as a power-of-two scale format clamps at 2^−9 … 2^8
        assertArrayEquals(bytes(0x01), codes("e4m3/b32/row/e4m3/floor", 1, 1, p2(-30)).scaleCodes());
        assertArrayEquals(bytes(0x78), codes("e4m3/b32/row/e4m3/floor", 1, 1, p2(30)).scaleCodes());
    }

    @Test
    void ceilCanRoundTheLargestFloatsUpToInfinity() {
        // X = 127 − 8 + 1 = 120; FLT_MAX / 2^120 = 255.99… rounds to 256, and 256 · 2^120 = 2^128
        BlockCodes c = codes("e4m3/b32/row/e8m0/ceil", 1, 1, Float.MAX_VALUE);
        assertArrayEquals(bytes(247), c.scaleCodes());
        assertArrayEquals(bytes(0x78), c.codes());
        bits(new float[] {Float.POSITIVE_INFINITY}, fake("e4m3/b32/row/e8m0/ceil", 1, 1, Float.MAX_VALUE));
        // floor never does: its largest element value times the scale stays below 2^128
        bits(new float[] {448 * p2(119)}, fake("mxfp8_e4m3", 1, 1, Float.MAX_VALUE));
    }

    @Test
    void tiesGoToEven() {
        // amax 5 → scale 1 (⌊log2 5⌋ − 2 = 0): 5 → 4, 0.75 → 1, 0.25 → 0, −0.25 → −0, 2.5 → 2
        bits(new float[] {4, 1, 0, -0f, 2}, fake("mxfp4", 1, 5, 5, 0.75f, 0.25f, -0.25f, 2.5f));
    }

    @Test
    void subnormalElementResults() {
        // scale 1 (amax 300): 0.01 is 5.12 e4m3 subnormal quanta of 2^−9 → 5 · 2^−9
        bits(new float[] {288, 5 * p2(-9)}, fake("mxfp8_e4m3", 1, 2, 300, 0.01f));
        // and with flush-to-zero it vanishes, keeping its sign
        bits(new float[] {288, -0f}, fake("mxfp8_e4m3/ftz", 1, 2, 300, -0.01f));
    }

    @Test
    void partialLastBlockHasItsOwnScale() {
        float[] x = new float[40];
        Arrays.fill(x, 0, 32, 100);
        Arrays.fill(x, 32, 40, 1);
        float[] y = fake("mxfp4", 1, 40, x);
        assertEquals(96f, y[0]); // scale 2^(6−2) = 16: 100/16 = 6.25 → 6
        assertEquals(1f, y[39]); // scale 2^(0−2): 1 exactly; with the first block's scale it would be 0
        assertArrayEquals(bytes(131, 125), codes("mxfp4", 1, 40, x).scaleCodes());
    }

    @Test
    void columnBlocksAreRowBlocksOfTheTranspose() {
        int rows = 70;
        int cols = 9;
        for (String s : List.of("mxfp8_e4m3", "e3m2/b5/row/e5m2/amax", "e4m3/row/fp32/amax", "nvfp4",
                "e2m3/b16/row/e8m0/ceil")) {
            BlockScheme row = BlockSchemes.parse(s);
            float[] x = BlockInputs.of(BlockInputs.Kind.GAUSSIAN, rows, cols, 3);
            float[] xt = transpose(x, rows, cols);
            float[] viaRows = transpose(BlockQuantizer.fakeQuantize(xt, cols, rows, 0, row), cols, rows);
            bits(viaRows, BlockQuantizer.fakeQuantize(x, rows, cols, 0, row.transposed()));
        }
    }

    @Test
    void channelAndTensorWise() {
        // per row: amax 4 and 448
        float[] x = {4, 1, -2, 448, 7, 0.5f};
        BlockCodes c = codes("e4m3/row/fp32/amax", 2, 3, x);
        assertArrayEquals(new float[] {4f / 448, 1}, c.scaleValues());
        BlockCodes col = codes("e4m3/col/fp32/amax", 2, 3, x);
        assertArrayEquals(new float[] {1, 7f / 448, 2f / 448}, col.scaleValues());
        BlockCodes t = codes("e4m3/tensor/fp32/amax", 2, 3, x);
        assertArrayEquals(new float[] {1}, t.scaleValues());
        bits(x, BlockQuantizer.dequantize(t));
        // tensor-wise = one block as long as the tensor
        float[] g = BlockInputs.of(BlockInputs.Kind.RANGE, 7, 13, 1);
        bits(fake("e2m3/b91/row/e8m0/floor", 1, 91, g), fake("e2m3/tensor/e8m0/floor", 7, 13, g));
        bits(fake("e2m3/b13/row/e8m0/floor", 7, 13, g), fake("e2m3/row/e8m0/floor", 7, 13, g));
    }

    @Test
    void stochasticRoundingIsKeyedByTheFlatIndex() {
        BlockScheme sr = BlockSchemes.parse("mxfp4/sr/seed=11");
        float[] x = BlockInputs.of(BlockInputs.Kind.GAUSSIAN, 6, 50, 2);
        float[] whole = BlockQuantizer.fakeQuantize(x, 6, 50, 0, sr);
        float[] top = BlockQuantizer.fakeQuantize(Arrays.copyOfRange(x, 0, 100), 2, 50, 0, sr);
        float[] bottom = BlockQuantizer.fakeQuantize(Arrays.copyOfRange(x, 100, 300), 4, 50, 100, sr);
        bits(Arrays.copyOfRange(whole, 0, 100), top);
        bits(Arrays.copyOfRange(whole, 100, 300), bottom);
        assertNotEquals(Arrays.toString(whole), Arrays.toString(BlockQuantizer.fakeQuantize(x, 6, 50, 0, BlockSchemes.MXFP4)));
        assertNotEquals(Arrays.toString(whole), Arrays.toString(BlockQuantizer.fakeQuantize(x, 6, 50, 0, sr.withSeed(12))));
    }

    static List<String> invariantSchemes() {
        return List.of("mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e3m2", "mxfp6_e2m3", "mxfp4", "nvfp4", "mxfp4/col/sr/seed=3",
                "e4m3/b7/col/e8m0/ceil", "e2m1/b16/row/e4m3/amax", "e3m2/row/fp32/amax", "e5m2/tensor/bf16/amax",
                "mxfp8_e4m3/nosat", "e2m3/b3/row/e5m2/floor/rtz", "e2m1/b5/col/e5m2/amax/ts/sr/seed=5",
                "mxfp8-te", "mxfp8-te/col", "nvfp4-torchao", "e2m1/b16x16/e4m3/amax/ts", "e4m3/b4x3/e8m0/even",
                "e2m1/b32/row/e8m0/pceil/compat=qpytorch", "e4m3:finite/b8/row/e8m0/rceil/compat=qpytorch/sr/seed=2");
    }

    /** Codes lose nothing: dequantize(quantize(x)) is the fake-quantized tensor, bit for bit. */
    @ParameterizedTest
    @MethodSource("invariantSchemes")
    void dequantizedCodesEqualTheFakeQuantizedTensor(String scheme) {
        BlockScheme s = BlockSchemes.parse(scheme);
        for (BlockInputs.Kind k : BlockInputs.Kind.values()) {
            float[] x = BlockInputs.of(k, 37, 41, 7);
            BitAssert.floatsEqual(BlockQuantizer.fakeQuantize(x, 37, 41, 5, s),
                    BlockQuantizer.dequantize(BlockQuantizer.quantize(x, 37, 41, 5, s)), x, scheme + " " + k);
        }
    }

    @Test
    void elementFormatsWithoutCodesOnlyFakeQuantize() {
        float[] x = {1, 2, 3};
        fake("bf16/b32/row/e8m0/floor", 1, 3, x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codes("bf16/b32/row/e8m0/floor", 1, 3, x));
        assertEquals(true, e.getMessage().contains("at most 8 bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fake("mxfp4", 2, 2, x));
    }

    // ---- integer elements: S = fl(amax / (2^M − 1)) in float32 ----

    @Test
    void integerGroupsScaleByAmaxOverTheGridsTop() {
        // int4 (e0m3, grid ±7) in a group of 5: amax 14 → S = 14/7 = 2; x/S = 7, 3.4, −1.75, 0.5, 1.5
        // → 7, 3, −2, 0 (tie to even), 2
        float[] x = {14, 6.8f, -3.5f, 1, 3};
        bits(new float[] {14, 6, -4, 0, 4}, fake("int4/b5/row/fp32/amax", 1, 5, x));
        BlockCodes c = codes("int4/b5/row/fp32/amax", 1, 5, x);
        bits(new float[] {2}, c.scaleValues());
        // sign | magnitude, sign in bit 3, low nibble first: (7, 3) (−2 = 0xA, 0) (2)
        assertArrayEquals(bytes(0x37, 0x0A, 0x02), c.codes());
    }

    @Test
    void integerPerChannelAndPerTensor() {
        // int2 (e0m1, grid ±1), one scale per row: row 0 amax 0.3 → S = 0.3f, x/S = 1, −0.67, 0.17 → 1, −1, 0;
        // row 1 amax 5 → S = 5, x/S = −1, 0.5 (tie to even: 0), 0.48 → −1, 0, 0
        float[] x = {0.3f, -0.2f, 0.05f, -5, 2.5f, 2.4f};
        bits(new float[] {0.3f, -0.3f, 0, -5, 0, 0}, fake("int2/row/fp32/amax", 2, 3, x));
        bits(new float[] {0.3f, 5}, codes("int2/row/fp32/amax", 2, 3, x).scaleValues());
        // int8 per tensor: amax 254 → S = 2; x/S = 127, 1.5, −63.5, 0.45 → 127, 2, −64 (ties to even), 0
        bits(new float[] {254, 4, -128, 0}, fake("int8/tensor/fp32/amax", 2, 2, 254, 3, -127, 0.9f));
        // an inexact scale: amax 1 in int4 → S = fl(1/7) = 0x3e124925; 1/S rounds to 7 and 7·S back to 1
        float s7 = 1f / 7f;
        assertEquals(0x3e124925, Float.floatToRawIntBits(s7));
        bits(new float[] {1, s7 * 3, -s7}, fake("int4/row/fp32/amax", 1, 3, 1, 0.4f, -0.1f));
    }

    static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }
}
