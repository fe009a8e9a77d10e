package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.fail;

/** Bit-for-bit comparison of a backend's output with the reference, reporting the first mismatches. */
public final class BitAssert {
    private BitAssert() {
    }

    public static void floatsEqual(float[] expected, float[] got, float[] inputs, String what) {
        int bad = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]);
            int g = Float.floatToRawIntBits(got[i]);
            if (e != g) {
                if (bad < 8) {
                    sb.append(String.format("%n  [%d] input %s (0x%08x): expected %s (0x%08x), got %s (0x%08x)", i,
                            inputs == null ? "-" : inputs[i], inputs == null ? 0 : Float.floatToRawIntBits(inputs[i]),
                            expected[i], e, got[i], g));
                }
                bad++;
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + expected.length + " elements differ from the Java reference" + sb);
        }
    }

    public static void bytesEqual(byte[] expected, byte[] got, String what) {
        int bad = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != got[i]) {
                if (bad < 8) {
                    sb.append(String.format("%n  byte %d: expected 0x%02x, got 0x%02x", i, expected[i], got[i]));
                }
                bad++;
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + expected.length + " bytes differ from the Java reference" + sb);
        }
    }
}
