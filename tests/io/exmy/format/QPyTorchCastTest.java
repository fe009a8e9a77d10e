package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The qpytorch compatibility cast on the inputs that separate it from exmy's exact cast (ties,
 * overflow, the reserved top exponent, subnormals and their double rounding, the sign of zero, inf
 * and NaN). Expected values were computed independently in numpy from QPyTorch's CUDA kernel
 * ({@code qtorch/quant/quant_cuda/float_kernel.cu}, commit 1b8ca0b; {@code bit_helper.cu}, 1aa4d4b).
 */
public class QPyTorchCastTest {

    /** Whether QPyTorch's cast can stand for format f (as {@link QPyTorchCast#check} decides). */
    public static boolean qpytorchCanCast(Format f) {
        try {
            QPyTorchCast.check(f);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static int q(String format, float x) {
        return Float.floatToRawIntBits(ExmyCast.cast(x, CastSpec.qpytorch(Format.parse(format)), 0));
    }

    static int exact(String format, String rounding, float x) {
        CastSpec s = new CastSpec(Format.parse(format), Rounding.parse(rounding), true, false, 0);
        return Float.floatToRawIntBits(ExmyCast.cast(x, s, 0));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} (exmy rne: {3})")
    @CsvSource({
        // E4M3: the top exponent code is reserved, so max is 240 (exmy's e4m3 is 448); 248 ties away to 256 and saturates
        "e4m3, 248, 0x43700000, 0x43800000",
        "e4m3, 464, 0x43700000, 0x43e00000",
        "e4m3, Infinity, 0x43700000, 0x43e00000",
        // E2M1: max 3 (exmy's 6); ties away from zero on the bits
        "e2m1, 2.5, 0x40400000, 0x40000000",
        "e2m1, 1.25, 0x3fc00000, 0x3f800000",
        "e2m1, 5, 0x40400000, 0x40800000",
        // subnormal range, shifted by 2^emin: the tie 0.25 goes away from zero to 0.5
        "e2m1, 0.25, 0x3f000000, 0x00000000",
        "e2m1, -0.25, 0xbf000000, 0x80000000",
        // a negative value that rounds to zero, and −0, come back as +0
        "e2m1, -0.1, 0x00000000, 0x80000000",
        "e2m1, -0.0, 0x00000000, 0x80000000",
        // E4M3 subnormal tie 2^-10 goes up to 2^-9
        "e4m3, 0.0009765625, 0x3b000000, 0x00000000",
        "e5m2, -Infinity, 0xc7600000, 0xc7600000",
        "e5m2, 57917.44, 0x47600000, 0x47600000",
    })
    void separatesFromTheExactCast(String format, float x, String want, String exactRne) {
        assertEquals(Integer.parseUnsignedInt(want.substring(2), 16), q(format, x), "qpytorch");
        assertEquals(Integer.parseUnsignedInt(exactRne.substring(2), 16), exact(format, "rne", x), "exmy rne");
    }

    @Test
    void doubleRoundingInTheSubnormalRange() {
        // x = 2^-17 − 2^-38 is below half of E5M2's subnormal quantum 2^-16: exact rounding gives 0, but
        // fl(x + 2^-14) rounds to the tie 2^-14 + 2^-17 first, which QPyTorch's bit rounding takes up
        float x = (float) (Math.scalb(1.0, -17) - Math.scalb(1.0, -38));
        assertEquals(0x37800000, q("e5m2", x));
        assertEquals(0, exact("e5m2", "rna", x));
    }

    @Test
    void nanSaturatesWithItsSignUnlessItsPayloadWrapsTheAddition() {
        Format e4m3 = Format.E4M3;
        assertEquals(0x43700000, QPyTorchCast.castBits(0x7FC00000, e4m3, false, 0));
        assertEquals(0xc3700000, QPyTorchCast.castBits(0xFFC00000, e4m3, false, 0));
        // 0x7FFFFFFF + 2^19 carries into the sign bit: QPyTorch's clip then sees exponent 0 and returns 0
        assertEquals(0, QPyTorchCast.castBits(0x7FFFFFFF, e4m3, false, 0));
    }

    @Test
    void stochasticAddsTheLowBitsOfTheRandomWord() {
        Format e2m1 = Format.E2M1;
        int x = Float.floatToRawIntBits(1.25f); // halfway between 1 and 1.5: discarded bits 0x200000 of 0x400000
        assertEquals(Float.floatToRawIntBits(1f), QPyTorchCast.castBits(x, e2m1, true, 0x1FFFFF));
        assertEquals(Float.floatToRawIntBits(1.5f), QPyTorchCast.castBits(x, e2m1, true, 0x200000));
        // only rnd & (2^22 − 1) counts
        assertEquals(Float.floatToRawIntBits(1f), QPyTorchCast.castBits(x, e2m1, true, 0xFFC00000 | 0x1FFFFF));
        // through CastSpec, the bits are exmy's Philox bits of (seed, index)
        CastSpec sr = CastSpec.qpytorch(e2m1).withRounding(Rounding.SR).withSeed(99);
        for (long i = 0; i < 64; i++) {
            int want = QPyTorchCast.castBits(x, e2m1, true, Philox.bits(99, i));
            assertEquals(want, ExmyCast.castBits(x, sr, i));
        }
    }

    @Test
    void rejectsWhatQPyTorchCannotStandFor() {
        for (String f : new String[] {"int8", "e1m2", "e2m23", "e4m3:bias=4"}) {
            assertThrows(IllegalArgumentException.class, () -> CastSpec.qpytorch(Format.parse(f)), f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CastSpec(Format.E4M3, Rounding.RNE, true, false, 0, Compat.QPYTORCH));
        assertTrue(e.getMessage().contains("rna"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CastSpec(Format.E4M3, Rounding.RNA, false, false, 0, Compat.QPYTORCH));
        assertEquals(240f, CastSpec.qpytorch(Format.E4M3).maxValue());
        assertEquals(3f, CastSpec.qpytorch(Format.E2M1).maxValue());
    }
}
