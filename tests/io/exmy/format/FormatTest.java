package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, E, M, kind, bias, max, min normal, min subnormal
        "e5m2, 5, 2, IEEE, 15, 57344, 6.103515625E-5, 1.52587890625E-5",
        "e4m3, 4, 3, FN, 7, 448, 0.015625, 0.001953125",
        "e3m2, 3, 2, FINITE, 3, 28, 0.25, 0.0625",
        "e2m3, 2, 3, FINITE, 1, 7.5, 1, 0.125",
        "e2m1, 2, 1, FINITE, 1, 6, 1, 0.5",
        "fp16, 5, 10, IEEE, 15, 65504, 6.103515625E-5, 5.9604644775390625E-8",
        "bf16, 8, 7, IEEE, 127, 3.3895313892515355E38, 1.1754943508222875E-38, 9.183549615799121E-41",
        "fp32, 8, 23, IEEE, 127, 3.4028234663852886E38, 1.1754943508222875E-38, 1.401298464324817E-45",
        "int8, 0, 7, FINITE, 0, 127, 1, 1",
        "int4, 0, 3, FINITE, 0, 7, 1, 1",
        "int2, 0, 1, FINITE, 0, 1, 1, 1",
    })
    void presetsHaveTheirPublishedConstants(String name, int e, int m, SpecialKind kind, int bias, double max,
                                            double minNormal, double minSub) {
        Format f = Format.parse(name);
        assertEquals(e, f.exponentBits());
        assertEquals(m, f.mantissaBits());
        assertEquals(kind, f.kind());
        assertEquals(bias, f.bias());
        assertEquals(max, f.maxValue());
        assertEquals(minNormal, f.minNormal());
        assertEquals(minSub, f.minSubnormal());
        assertEquals(name, f.name());
    }

    @Test
    void genericFormatsAreFiniteUnlessAKindIsGiven() {
        assertEquals(SpecialKind.FINITE, Format.parse("e3m4").kind());
        assertEquals(SpecialKind.IEEE, Format.parse("E3M4:IEEE").kind());
        assertEquals(SpecialKind.FN, Format.parse("e4m3").kind());
        assertEquals(SpecialKind.FINITE, Format.parse("e4m3:finite").kind());
        assertEquals(480f, Format.parse("e4m3:finite").maxValue());
        assertEquals(240f, Format.parse("e4m3:ieee").maxValue());
        assertEquals("e4m3:finite", Format.parse("e4m3:finite").name());
        assertEquals("e3m4:ieee:bias=2", Format.parse("e3m4:ieee:bias=2").name());
        assertEquals(Format.E4M3, Format.of(4, 3));
    }

    @Test
    void integerGridsAreE0() {
        assertEquals(Format.INT8, Format.parse("e0m7"));
        assertEquals("int8", Format.parse("e0m7").name());
        assertEquals("int24", Format.parse("e0m23").name());
        assertTrue(Format.INT4.isInteger());
        assertEquals(4, Format.INT4.totalBits());
        assertEquals(2, Format.INT4.codesPerByte());
    }

    @Test
    void biasOverrideMovesTheRange() {
        Format f = Format.parse("e4m3:bias=4");
        assertEquals(-3, f.emin());
        assertEquals(3584f, f.maxValue()); // (2 - 2^-2)·2^(15-4) for fn: 1.75 · 2048
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "e4m0:fn | kind fn needs at least 1 mantissa bit",
        "e1m3:ieee | an ieee format needs at least 2 exponent bits",
        "e5m0:ieee | an ieee format needs at least 1 mantissa bit",
        "e9m2 | exponent bits must be 0..8",
        "e0m3:fn | an integer grid (E=0) has no special values",
        "e0m3:bias=2 | a bias has no meaning for an integer grid",
        "e0m0 | needs 1..23 magnitude bits",
        "e3m24 | mantissa bits must be 0..23",
        "e8m7 | beyond float32's range",
        "e8m7:fn | use e8m7:ieee",
        "e8m23:bias=128 | below float32's smallest subnormal",
        "fp8 | cannot read format",
        "e4m3:weird | unknown special-value kind",
    })
    void impossibleFormatsAreRejectedWithTheReason(String spec, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.parse(spec));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void codesExistUpToEightBits() {
        assertTrue(Format.E4M3.hasCodes());
        assertEquals(1, Format.E4M3.codesPerByte());
        assertEquals(2, Format.E2M1.codesPerByte());
        assertFalse(Format.FP16.hasCodes());
        assertEquals(2, Format.parse("e1m1:fn").codesPerByte());
    }
}
