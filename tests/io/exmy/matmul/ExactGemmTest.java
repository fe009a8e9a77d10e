package io.exmy.matmul;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The blocked reference against the definition written as a plain loop, bit for bit. */
class ExactGemmTest {

    /** The specification, literally: one FMA chain per output, k ascending. */
    static void definition(GemmShape s, float[] a, float[] b, float[] c) {
        for (int z = 0; z < s.batch(); z++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    int ci = (int) (z * s.strideC()) + i * s.ldc() + j;
                    float acc = s.accumulate() ? c[ci] : 0.0f;
                    for (int k = 0; k < s.k(); k++) {
                        acc = Math.fma(a[(int) (z * s.strideA() + s.aIndex(i, k))],
                                b[(int) (z * s.strideB() + s.bIndex(k, j))], acc);
                    }
                    c[ci] = ExactGemm.canonical(acc);
                }
            }
        }
    }

    static void assertMatchesDefinition(GemmShape s, GemmInputs.Kind kind, long seed) {
        float[] a = GemmInputs.generate(kind, (int) s.aExtent(), seed);
        float[] b = GemmInputs.generate(kind, (int) s.bExtent(), seed + 1);
        float[] c0 = GemmInputs.generate(kind, (int) s.cExtent(), seed + 2);
        float[] want = c0.clone();
        float[] got = c0.clone();
        definition(s, a, b, want);
        ExactGemm.gemm(s, a, 0, b, 0, got, 0);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                    () -> "C element differs for " + s + " " + kind);
        }
    }

    @ParameterizedTest
    @EnumSource(GemmInputs.Kind.class)
    void blockedReferenceIsTheDefinition(GemmInputs.Kind kind) {
        for (int t = 0; t < 8; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            boolean acc = (t & 4) != 0;
            assertMatchesDefinition(GemmShape.of(13, 11, 37, ta, tb).accumulating(acc), kind, t);
            assertMatchesDefinition(GemmShape.of(5, 6, 7, ta, tb).withLeadingDims(ta ? 9 : 10, tb ? 8 : 11, 7)
                    .batched(3, 101, 0, 60).accumulating(acc), kind, t);
        }
    }

    @Test
    void emptyProductsGiveZeroOrKeepC() {
        float[] c = {Float.intBitsToFloat(0x7FC01234), -0.0f, 3.0f};
        float[] fresh = c.clone();
        ExactGemm.gemm(GemmShape.of(1, 3, 0, false, false), new float[0], 0, new float[0], 0, fresh, 0);
        assertEquals(0, Float.floatToRawIntBits(fresh[0]));
        assertEquals(0, Float.floatToRawIntBits(fresh[1]));
        float[] kept = c.clone();
        ExactGemm.gemm(GemmShape.of(1, 3, 0, false, false).accumulating(true), new float[0], 0, new float[0], 0, kept, 0);
        assertEquals(ExactGemm.CANONICAL_NAN, Float.floatToRawIntBits(kept[0]), "NaN is canonicalised");
        assertEquals(0x80000000, Float.floatToRawIntBits(kept[1]));
        assertEquals(3.0f, kept[2]);
    }

    @Test
    void nanResultsAreTheCanonicalNaN() {
        float[] a = {Float.POSITIVE_INFINITY, 1.0f};
        float[] b = {1.0f, Float.NEGATIVE_INFINITY};
        float[] c = new float[1];
        ExactGemm.gemm(GemmShape.of(1, 1, 2, false, false), a, 0, b, 0, c, 0); // inf + (−inf)
        assertEquals(ExactGemm.CANONICAL_NAN, Float.floatToRawIntBits(c[0]));
    }

    @Test
    void chainRoundsAtEveryStep() {
        // 1 + 2^-24 rounds to 1 (tie to even) each time: the chain gives 1, a wider sum 1 + 2^-23.
        float tiny = 0x1p-24f;
        float[] a = {1, tiny, tiny};
        float[] b = {1, 1, 1};
        float[] c = new float[1];
        ExactGemm.gemm(GemmShape.of(1, 1, 3, false, false), a, 0, b, 0, c, 0);
        assertEquals(1.0f, c[0]);
    }
}
