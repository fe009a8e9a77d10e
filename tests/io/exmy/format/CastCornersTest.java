package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worked examples of docs/FORMATS.md, one per corner of the semantics. If one of these changes,
 * the documentation is wrong.
 */
class CastCornersTest {

    private static String cast(String format, String rounding, boolean sat, boolean ftz, float x) {
        CastSpec s = new CastSpec(Format.parse(format), Rounding.parse(rounding), sat, ftz, 0);
        float y = ExmyCast.cast(x, s, 0);
        return Float.isNaN(y) ? ((Float.floatToRawIntBits(y) < 0 ? "-" : "") + "NaN") : Float.toString(y);
    }

    @ParameterizedTest(name = "{0} {1} sat={2} ftz={3}: {4} -> {5}")
    @CsvSource({
        // OCP E4M3 (fn): max 448; 464 is the tie between 448 (mantissa 110) and 480 (the NaN code)
        "e4m3, rne, false, false, 448, 448.0",
        "e4m3, rne, false, false, 464, 448.0",
        "e4m3, rne, false, false, 465, NaN",
        "e4m3, rne, true, false, 465, 448.0",
        "e4m3, rtz, false, false, 1e6, 448.0",
        "e4m3, rne, false, false, Infinity, NaN",
        "e4m3, rne, true, false, -Infinity, -448.0",
        "e4m3, rne, false, false, 0.0009765625, 0.0",
        "e4m3, rne, false, false, 0.0009765626, 0.001953125",
        "e4m3, rne, false, false, 0.01, 0.009765625",
        "e4m3, rne, false, true, 0.01, 0.0",
        "e4m3, rne, false, true, -0.01, -0.0",
        "e4m3, rne, false, true, 0.015625, 0.015625",
        // E5M2 (ieee): 61440 ties 57344 (odd mantissa 11) and 2^16, which overflows to inf
        "e5m2, rne, false, false, 61440, Infinity",
        "e5m2, rne, false, false, 61439, 57344.0",
        "e5m2, rtz, false, false, 1e9, 57344.0",
        "e5m2, rne, true, false, 1e9, 57344.0",
        "e5m2, rne, false, false, Infinity, Infinity",
        "e5m2, rtz, false, false, Infinity, Infinity",
        // FP4 E2M1 (finite): values 0 0.5 1 1.5 2 3 4 6
        "e2m1, rne, false, false, 5, 4.0",
        "e2m1, rne, false, false, 2.5, 2.0",
        "e2m1, rne, false, false, 0.75, 1.0",
        "e2m1, rne, false, false, 0.25, 0.0",
        "e2m1, rne, false, false, -0.25, -0.0",
        "e2m1, rne, false, false, 7, 6.0",
        "e2m1, rne, false, false, Infinity, 6.0",
        "e2m1, rtz, false, false, 5.9, 4.0",
        "e2m1, rne, false, true, 0.5, 0.0",
        // M = 0: ties go to the larger power of two (two quanta), except at zero
        "e3m0, rne, false, false, 3, 4.0",
        "e3m0, rne, false, false, 6, 8.0",
        "e3m0, rne, false, false, 0.125, 0.0",
        // rna: ties away from zero
        "e4m3, rna, false, false, 464, NaN",
        "e4m3, rna, true, false, 464, 448.0",
        "e2m1, rna, false, false, 5, 6.0",
        "e2m1, rna, false, false, -2.5, -3.0",
        "e2m1, rna, false, false, 0.25, 0.5",
        "e2m1, rna, false, false, 0.2499, 0.0",
        "int8, rna, false, false, 2.5, 3.0",
        // integer grids (E = 0): ±k, unit spacing, ties to even, overflow to ±max
        "int8, rne, false, false, 127.4, 127.0",
        "int8, rne, false, false, 127.5, 127.0",
        "int8, rne, false, false, 2.5, 2.0",
        "int8, rne, false, false, 3.5, 4.0",
        "int8, rne, false, false, -0.4, -0.0",
        "int8, rtz, false, false, -9.99, -9.0",
        "int8, rne, false, false, 1e9, 127.0",
        "int8, rne, false, false, -Infinity, -127.0",
        "int8, rne, false, true, 1, 1.0",
        "int2, rne, false, false, 0.5, 0.0",
        "int2, rne, false, false, 0.51, 1.0",
        "int2, rne, false, false, 1.5, 1.0",
        "e0m23, rne, false, false, 8388606.5, 8388606.0",
        // NaN: quiet, sign kept, payload dropped
        "e2m1, rne, false, false, NaN, NaN",
        "bf16, rne, false, false, 1.00390625, 1.0",
        "bf16, rne, false, false, 1.01171875, 1.015625",
        "fp32, rne, false, false, 1.4E-45, 1.4E-45",
    })
    void workedExamples(String format, String rounding, boolean sat, boolean ftz, float x, String expected) {
        assertEquals(expected, cast(format, rounding, sat, ftz, x));
    }

    @org.junit.jupiter.api.Test
    void nanKeepsItsSignAndLosesItsPayload() {
        CastSpec s = CastSpec.of(Format.E5M2);
        assertEquals(0xFFC00000, ExmyCast.castBits(0xFF800123, s, 0));
        assertEquals(0x7FC00000, ExmyCast.castBits(0x7FBFFFFF, s, 0));
        assertEquals(0x7FC00000, ExmyCast.castBits(0x7F800001, CastSpec.of(Format.FP32), 0));
    }
}
