package io.exmy.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CodesTest {

    static Stream<Format> codeFormats() {
        return Stream.of("e5m2", "e4m3", "e3m2", "e2m3", "e2m1", "e4m3:ieee", "e1m1:fn", "e2m0", "e7m0", "e1m6",
                "e3m4:ieee", "e4m3:bias=4", "e6m1", "e5m2:fn", "int8", "int4", "int2").map(Format::parse);
    }

    /** Every code decodes to a value that encodes back to it (the only exception: NaN codes other than the canonical one). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codeFormats")
    void everyCodeRoundTrips(Format f) {
        for (int code = 0; code < Codes.codeCount(f); code++) {
            int bits = Codes.decodeBits(code, f);
            int back = Codes.encodeBits(bits, f);
            if (Float.isNaN(Float.intBitsToFloat(bits))) {
                assertEquals(Codes.decodeBits(back, f), bits, "NaN code " + code + " of " + f);
            } else {
                assertEquals(code, back, f + " code 0x" + Integer.toHexString(code));
            }
        }
    }

    /** decode(encode(x)) is the fake-quantized cast, in every mode (NaN aside in finite formats). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codeFormats")
    void decodeOfEncodeIsTheCast(Format f) {
        float[] xs = CastInputs.forFormat(f, 20_000, 3);
        for (Rounding r : Rounding.values()) {
            for (boolean sat : new boolean[] {false, true}) {
                CastSpec s = new CastSpec(f, r, sat, false, 99);
                for (int i = 0; i < xs.length; i++) {
                    int cast = ExmyCast.castBits(Float.floatToRawIntBits(xs[i]), s, i);
                    int viaCode = Codes.decodeBits(Codes.encode(xs[i], s, i), f);
                    if (Float.isNaN(xs[i]) && f.kind() == SpecialKind.FINITE) {
                        assertEquals(Float.floatToRawIntBits(f.maxValue()), viaCode & 0x7FFFFFFF, "NaN in " + f);
                    } else {
                        assertEquals(cast, viaCode, f + " " + s + " x=" + xs[i]);
                    }
                }
            }
        }
    }

    @Test
    void knownCodes() {
        assertEquals(0x7E, Codes.encodeBits(Float.floatToRawIntBits(448f), Format.E4M3));
        assertEquals(0x7F, Codes.encodeBits(0x7FC00000, Format.E4M3));
        assertEquals(0x7C, Codes.encodeBits(0x7F800000, Format.E5M2));
        assertEquals(0x7E, Codes.encodeBits(0x7FC00000, Format.E5M2));
        assertEquals(0x7, Codes.encodeBits(Float.floatToRawIntBits(6f), Format.E2M1));
        assertEquals(0xF, Codes.encodeBits(Float.floatToRawIntBits(-6f), Format.E2M1));
        assertEquals(0x1, Codes.encodeBits(Float.floatToRawIntBits(0.5f), Format.E2M1));
        assertEquals(0x80, Codes.encodeBits(0x80000000, Format.E4M3));
        assertEquals(0x7F, Codes.encodeBits(Float.floatToRawIntBits(127f), Format.INT8));
        assertEquals(0x85, Codes.encodeBits(Float.floatToRawIntBits(-5f), Format.INT8));
        assertEquals(0xF, Codes.encodeBits(Float.floatToRawIntBits(-7f), Format.INT4));
        assertEquals(0x7, Codes.encodeBits(0x7FC00000, Format.INT4));
        byte[] packed = CodeLayout.pack(new int[] {0x1, 0x7, 0xF}, 1, 3, Format.E2M1);
        assertEquals(2, packed.length);
        assertEquals((byte) 0x71, packed[0]);
        assertEquals((byte) 0x0F, packed[1]);
    }
}
