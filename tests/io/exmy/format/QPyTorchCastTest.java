package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The qpytorch compatibility cast on hand-derived inputs: QPyTorch 0.3.0 / master f58bba7
 * ({@code qtorch/quant/quant_cuda/float_kernel.cu} and {@code bit_helper.cu} as of commit 1b8ca0b; the
 * CPU path {@code quant_cpu.cpp} computes the same). Each expected bit pattern is worked out in the
 * comment beside it from that code's steps: for |x| ≥ 2^minExp (minExp = 2 − 2^(E−1)) add 2^(22−M)
 * (nearest) or rnd &amp; (2^(23−M) − 1) (stochastic) to the pattern, clear the low 23 − M bits, and clip
 * a biased exponent above 2^(E−1) + 127 to ±(2 − 2^−M)·2^(2^(E−1)); below, s = ±2^minExp,
 * v = fl(x + s), round v's pattern, return fl(r − s). {@link QPyTorchCastOracleTest} checks the
 * reference against an independent transcription over many more inputs.
 */
public class QPyTorchCastTest {

    /** The compat=qpytorch specs QPyTorch's cast allows on f: nearest and stochastic, as {@link QPyTorchCast#check} decides. */
    public static List<CastSpec> qpytorchSpecs(Format f, long seed) {
        List<CastSpec> specs = new ArrayList<>();
        for (Rounding r : new Rounding[] {Rounding.RNA, Rounding.SR}) {
            try {
                specs.add(new CastSpec(f, r, true, false, seed, Compat.QPYTORCH));
            } catch (IllegalArgumentException refused) {
                // QPyTorch does not compute this one (integer grid, shifted bias, nearest at M = 23)
            }
        }
        return specs;
    }

    static int q(String format, float x) {
        return Float.floatToRawIntBits(ExmyCast.cast(x, CastSpec.qpytorch(Format.parse(format)), 0));
    }

    static int qBits(String format, int x) {
        return QPyTorchCast.castBits(x, Format.parse(format), false, 0);
    }

    static int sr(String format, float x, int rnd) {
        return QPyTorchCast.castBits(Float.floatToRawIntBits(x), Format.parse(format), true, rnd);
    }

    static int exact(String format, String rounding, float x) {
        CastSpec s = new CastSpec(Format.parse(format), Rounding.parse(rounding), true, false, 0);
        return Float.floatToRawIntBits(ExmyCast.cast(x, s, 0));
    }

    static int hex(String h) {
        return Integer.parseUnsignedInt(h.substring(2), 16);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} (exmy rne, saturating: {3})")
    @CsvSource({
        // E4M3: maxStore = 2^3 + 127 = 135, so the top binade is 2^8 and max = 1.875·256 = 480 (0x43F00000);
        // exmy's e4m3 (fn) stops at 448. 248 = 240 + 8 is a tie in binade 2^7 (quantum 16): away → 256
        "e4m3, 248, 0x43800000, 0x43800000",
        // 464 = 448 + 16, a tie in binade 2^8 (quantum 32): away → 480, not clipped
        "e4m3, 464, 0x43f00000, 0x43e00000",
        // 500 → 512 (0x44000000, biased exponent 136 > 135) → clipped to 480; inf clips too
        "e4m3, 500, 0x43f00000, 0x43e00000",
        "e4m3, Infinity, 0x43f00000, 0x43e00000",
        "e4m3, -Infinity, 0xc3f00000, 0xc3e00000",
        // E2M1: maxStore 129, max = 1.5·4 = 6 (0x40C00000); ties away from zero on the bits
        "e2m1, 2.5, 0x40400000, 0x40000000",
        "e2m1, 1.25, 0x3fc00000, 0x3f800000",
        // 5 = 4 + 1, a tie (quantum 2): away → 6; 7 → 8 (biased exponent 130) → clipped to 6
        "e2m1, 5, 0x40c00000, 0x40800000",
        "e2m1, 7, 0x40c00000, 0x40c00000",
        "e2m1, -5, 0xc0c00000, 0xc0800000",
        // small-value path (minExp 0, s = ±1): 0.25 → v = 1.25 → tie → 1.5 → 0.5; exact rne: 0.25 → 0
        "e2m1, 0.25, 0x3f000000, 0x00000000",
        "e2m1, -0.25, 0xbf000000, 0x80000000",
        // −0.1 → v = −1.1 → −1 → −1 − (−1) = +0: the sign is lost; −0 → v = −1 → +0
        "e2m1, -0.1, 0x00000000, 0x80000000",
        "e2m1, -0.0, 0x00000000, 0x80000000",
        // E3M2: maxStore 131, max = 1.75·16 = 28 (0x41E00000); 26 = 24 + 2 ties away to 28, 30 → 32 → 28
        "e3m2, 26, 0x41e00000, 0x41c00000",
        "e3m2, 30, 0x41e00000, 0x41e00000",
        "e3m2, 1000, 0x41e00000, 0x41e00000",
        // E4M3 small-value tie 2^-10 (minExp −6, quantum 2^-9): v = 2^-6 + 2^-10 → away → 2^-6 + 2^-9 → 2^-9
        "e4m3, 0.0009765625, 0x3b000000, 0x00000000",
        // E5M2: maxStore 143, max = 1.75·2^16 = 114688 (0x47E00000); exmy's e5m2 (ieee) stops at 57344
        "e5m2, -Infinity, 0xc7e00000, 0xc7600000",
        "e5m2, 57917.44, 0x47600000, 0x47600000",
        // 100000 in binade 2^16 (quantum 2^14): 98304 = 1.5·2^16, a value exmy's e5m2 does not have (its max 57344)
        "e5m2, 100000, 0x47c00000, 0x47600000",
        "e5m2, 120000, 0x47e00000, 0x47600000",
        // E1M1 (Sun et al.'s FP3): minExp = 2 − 1 = 1, maxStore 128, max = 1.5·2 = 3. |x| < 2 takes the
        // small-value path with s = ±2 (quantum 1 in v's binade [2, 4)): the grid is {0, 1, 2, 3}
        // 0.5 → v = 2.5 → tie → 3 → 1; 0.49 → v = 2.49 → 2 → +0; 1.5 → v = 3.5 → tie → 4 → 2
        "e1m1, 0.5, 0x3f800000, 0x00000000",
        "e1m1, 0.49, 0x00000000, 0x00000000",
        "e1m1, -0.49, 0x00000000, 0x80000000",
        "e1m1, 1.5, 0x40000000, 0x40000000",
        // normal path: 2.5 ties away to 3; 3.5 → 4 (biased exponent 129 > 128) → clipped to 3
        "e1m1, 2.5, 0x40400000, 0x40000000",
        "e1m1, 3.5, 0x40400000, 0x40400000",
        "e1m1, -1e30, 0xc0400000, 0xc0400000",
        // E1M2 (Sun et al.'s FP4 split 1-2): max = 1.75·2 = 3.5; small-value quantum 0.5
        // 0.25 → v = 2.25 → tie → 2.5 → 0.5; 1.8 → v = 3.8 → 4 → 2; 3.75 → tie → 4 → clipped to 3.5
        "e1m2, 0.25, 0x3f000000, 0x00000000",
        "e1m2, 1.8, 0x40000000, 0x40000000",
        "e1m2, 3.75, 0x40600000, 0x40600000",
        // E1M0: mask 2^23 − 1, increment 2^22; max = 2 (no mantissa); grid {0, 2}: 1 → v = 3 → tie → 4 → 2
        "e1m0, 1, 0x40000000, 0x00000000",
        "e1m0, 0.99, 0x00000000, 0x00000000",
        "e1m0, 3.5, 0x40000000, 0x40000000",
        // E4M0: max = 2^8; 3 → tie → 4; 384 = 1.5·256 → tie → 512 → clipped to 256
        "e4m0, 3, 0x40800000, 0x40800000",
        "e4m0, 384, 0x43800000, 0x43800000",
        // E8M7 (bfloat16): 1 + 2^-8 is a tie → away → 1 + 2^-7 (bf16 rne: 1)
        "bf16, 1.00390625, 0x3f810000, 0x3f800000",
    })
    void separatesFromTheExactCast(String format, float x, String want, String exactRne) {
        assertEquals(hex(want), q(format, x), "qpytorch");
        assertEquals(hex(exactRne), exact(format, "rne", x), "exmy rne");
    }

    @ParameterizedTest(name = "{0}: 0x{1} -> {2}")
    @CsvSource({
        // E = 8: maxStore = 2^7 + 127 = 255, so clip_exponent never fires. FLT_MAX 0x7F7FFFFF + 0x8000 =
        // 0x7F807FFF, masked → 0x7F800000: overflow rounds to +inf
        "bf16, 7F7FFFFF, 0x7f800000",
        // 0x7F7F7FFF + 0x8000 = 0x7F7FFFFF → masked 0x7F7F0000, bf16's max; the tie 0x7F7F8000 → inf
        "bf16, 7F7F7FFF, 0x7f7f0000",
        "bf16, 7F7F8000, 0x7f800000",
        "bf16, FF7F8000, 0xff800000",
        // inf: 0x7F800000 + 0x8000, masked → inf again; −inf likewise
        "bf16, 7F800000, 0x7f800000",
        "bf16, FF800000, 0xff800000",
        // NaN keeps its rounded pattern: 0x7FC00000 stays; 0x7F800001 + 0x8000 → 0x7F800000 = +inf
        "bf16, 7FC00000, 0x7fc00000",
        "bf16, 7F800001, 0x7f800000",
        // 0x7FFFFFFF + 0x8000 carries out of the exponent into the sign: 0x80007FFF → −0; 0xFFFFFFFF wraps to +0
        "bf16, 7FFFFFFF, 0x80000000",
        "bf16, FFFFFFFF, 0x00000000",
        // E = 8 small-value path, s = 2^-126: 2^-149 → v = 0x00800001 → rounds to 0x00800000 → +0
        "bf16, 00000001, 0x00000000",
        // 2^-134 (0x00008000) → v = 0x00808000, a tie → 0x00810000 → 2^-126·2^-7 = 2^-133 (bf16's smallest subnormal)
        "bf16, 00008000, 0x00010000",
        "bf16, 80008000, 0x80010000",
        // −0 → v = −2^-126 → r − s = +0; the smallest normal 2^-126 takes the bit path and stays
        "bf16, 80000000, 0x00000000",
        "bf16, 00800000, 0x00800000",
        // E ≤ 7 NaN: the rounded pattern keeps exponent 255 > maxStore → ±max with the NaN's sign
        "e4m3, 7FC00000, 0x43f00000",
        "e4m3, FFC00000, 0xc3f00000",
        "e4m3, 7F800001, 0x43f00000",
        // 0x7FFFFFFF + 2^19 = 0x8007FFFF → masked 0x80000000: exponent 0, so no clip, and QPyTorch 0.3.0 has
        // no lower clip any more (1aa4d4b's flushed it to +0): −0
        "e4m3, 7FFFFFFF, 0x80000000",
        "e4m3, FFFFFFFF, 0x00000000",
        "e1m1, 7FFFFFFF, 0x80000000",
        // E1M1 NaN 0x7FC00000 + 2^21 = 0x7FE00000: exponent 255 > 128 → +3
        "e1m1, 7FC00000, 0x40400000",
        // float32 subnormals in E ≤ 7 take the small-value path: e4m3, 2^-149 + 2^-6 = 2^-6 exactly in float32
        // (ulp 2^-29): → +0
        "e4m3, 00000001, 0x00000000",
    })
    void edgesOnTheBitPattern(String format, String x, String want) {
        assertEquals(hex(want), qBits(format, Integer.parseUnsignedInt(x, 16)));
    }

    @Test
    void doubleRoundingInTheSmallValuePath() {
        // x = 2^-17 − 2^-38 is below half of E5M2's subnormal quantum 2^-16: exact rounding gives 0, but
        // fl(x + 2^-14) rounds to the tie 2^-14 + 2^-17 first, which QPyTorch's bit rounding takes up
        float x = (float) (Math.scalb(1.0, -17) - Math.scalb(1.0, -38));
        assertEquals(0x37800000, q("e5m2", x));
        assertEquals(0, exact("e5m2", "rna", x));
        // E4M3: x = 2^-10 − 2^-30; 2^-6 + x lies exactly halfway between float32 neighbours (ulp 2^-29) and
        // rounds to the even 2^-6 + 2^-10, a tie of the bit rounding → 2^-6 + 2^-9 → 2^-9
        float y = (float) (Math.scalb(1.0, -10) - Math.scalb(1.0, -30));
        assertEquals(0x3b000000, q("e4m3", y));
        assertEquals(0, exact("e4m3", "rna", y));
    }

    @Test
    void stochasticAddsTheLowBitsOfTheRandomWord() {
        // e2m1, 1.25 is halfway between 1 and 1.5: its discarded bits are 0x200000 of 2^22
        assertEquals(Float.floatToRawIntBits(1f), sr("e2m1", 1.25f, 0x1FFFFF));
        assertEquals(Float.floatToRawIntBits(1.5f), sr("e2m1", 1.25f, 0x200000));
        // only rnd & (2^22 − 1) counts
        assertEquals(Float.floatToRawIntBits(1f), sr("e2m1", 1.25f, 0xFFC00000 | 0x1FFFFF));
        // small-value path: 0.1 → v = fl(1.1) = 0x3F8CCCCD, discarded 0x0CCCCD; up iff rnd & mask >= 0x333333
        assertEquals(0, sr("e2m1", 0.1f, 0x333332));
        assertEquals(Float.floatToRawIntBits(0.5f), sr("e2m1", 0.1f, 0x333333));
        assertEquals(0, sr("e2m1", -0.1f, 0x333332)); // −1 − (−1) = +0
        assertEquals(Float.floatToRawIntBits(-0.5f), sr("e2m1", -0.1f, 0x333333));
        // e4m3, 470 = 448 + 22 (quantum 32): discarded 0xB0000 of 2^20; up iff rnd & mask >= 0x50000, to 480, kept
        assertEquals(0x43e00000, sr("e4m3", 470f, 0x4FFFF));
        assertEquals(0x43f00000, sr("e4m3", 470f, 0x50000));
        // 500 lies above 480: down gives 480, up 512, clipped to 480
        assertEquals(0x43f00000, sr("e4m3", 500f, 0));
        assertEquals(0x43f00000, sr("e4m3", 500f, 0xFFFFF));
        // bf16, FLT_MAX: discarded 0xFFFF of 2^16: any nonzero rnd & 0xFFFF goes up, to inf
        assertEquals(0x7f7f0000, sr("bf16", Float.MAX_VALUE, 0xFFFF0000));
        assertEquals(0x7f800000, sr("bf16", Float.MAX_VALUE, 1));
        // through CastSpec, the bits are exmy's Philox bits of (seed, index)
        Format e2m1 = Format.E2M1;
        int x = Float.floatToRawIntBits(1.25f);
        CastSpec spec = CastSpec.qpytorch(e2m1).withRounding(Rounding.SR).withSeed(99);
        for (long i = 0; i < 64; i++) {
            assertEquals(QPyTorchCast.castBits(x, e2m1, true, Philox.bits(99, i)), ExmyCast.castBits(x, spec, i));
        }
    }

    @Test
    void stochasticAtM23KeepsThePatternAndClipsTheTop() {
        // M = 23: mask = 0, so rnd & mask adds nothing; what is left is clip_exponent and the small-value path
        assertEquals(Float.floatToRawIntBits(1.1f), sr("fp32", 1.1f, -1));
        // e5m23: 1e10 has biased exponent 160 > 143 → (2 − 2^-23)·2^16 = 0x47FFFFFF
        assertEquals(0x47ffffff, sr("e5m23", 1e10f, -1));
        // −0 → v = −2^minExp → +0; a float32 subnormal comes back exactly (x + s and r − s are exact)
        assertEquals(0, sr("fp32", -0f, -1));
        assertEquals(0x80000001, QPyTorchCast.castBits(0x80000001, Format.FP32, true, -1));
    }

    @Test
    void acceptsWhatQPyTorchComputes() {
        // E from 1 to 8, M from 0 to 22 under both roundings; e8m7 is bfloat16
        for (String f : new String[] {"e1m0", "e1m1", "e1m2", "e1m6:fn", "e2m0", "e4m3", "e5m2", "e8m7:ieee", "bf16",
            "e8m1:ieee", "e8m22:ieee", "e2m22", "e7m0"}) {
            assertEquals(2, qpytorchSpecs(Format.parse(f), 1).size(), f);
        }
        // M = 23 only stochastic: its nearest increment 1 << (22 − M) is a shift by −1
        for (String f : new String[] {"fp32", "e2m23", "e1m23:fn"}) {
            List<CastSpec> s = qpytorchSpecs(Format.parse(f), 1);
            assertEquals(1, s.size(), f);
            assertEquals(Rounding.SR, s.get(0).rounding(), f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CastSpec.qpytorch(Format.parse("e2m23")));
        assertTrue(e.getMessage().contains("sr"), e.getMessage());
        assertEquals(480f, CastSpec.qpytorch(Format.E4M3).maxValue());
        assertEquals(6f, CastSpec.qpytorch(Format.E2M1).maxValue());
        assertEquals(28f, CastSpec.qpytorch(Format.E3M2).maxValue());
        assertEquals(114688f, CastSpec.qpytorch(Format.E5M2).maxValue());
        assertEquals(3f, CastSpec.qpytorch(Format.parse("e1m1")).maxValue());
        assertEquals(3.5f, CastSpec.qpytorch(Format.parse("e1m2")).maxValue());
        assertEquals(Float.intBitsToFloat(0x7F7F0000), CastSpec.qpytorch(Format.BF16).maxValue());
    }

    @Test
    void rejectsWhatQPyTorchDoesNotCompute() {
        for (String f : new String[] {"int8", "e4m3:bias=4", "e8m5:bias=140"}) {
            assertThrows(IllegalArgumentException.class, () -> CastSpec.qpytorch(Format.parse(f)), f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CastSpec(Format.E4M3, Rounding.RNE, true, false, 0, Compat.QPYTORCH));
        assertTrue(e.getMessage().contains("rna"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CastSpec(Format.E4M3, Rounding.RNA, false, false, 0, Compat.QPYTORCH));
        assertThrows(IllegalArgumentException.class, () -> new CastSpec(Format.E4M3, Rounding.RNA, true, true, 0, Compat.QPYTORCH));
    }

    @Test
    void codesOnlyWhereTheFormatHoldsQPyTorchsGrid() {
        // e4m3:finite is QPyTorch's e4m3 grid: 480 has the code 0x7F there
        CastSpec fin = CastSpec.qpytorch(Format.parse("e4m3:finite"));
        assertEquals(0x7F, Codes.encode(1e9f, fin, 0));
        assertEquals(0x7E, Codes.encode(448f, fin, 0));
        fin.checkCodes();
        CastSpec.qpytorch(Format.E2M1).checkCodes();
        CastSpec.qpytorch(Format.parse("e1m2")).checkCodes();
        // fn e4m3 has NaN where QPyTorch has 480; ieee e5m2 has inf where QPyTorch has 2^16·[1, 1.75]
        for (Format f : new Format[] {Format.E4M3, Format.E5M2, Format.parse("e1m1:fn")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CastSpec.qpytorch(f).checkCodes());
            assertTrue(e.getMessage().contains(":finite"), e.getMessage());
        }
    }
}
