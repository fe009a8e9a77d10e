package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParameterLayoutTest {
    @Test
    void gpt2SmallHasTheKnownCounts() {
        ModelConfig c = ModelConfig.named("gpt2");
        assertEquals(124_439_808L, c.parameters());
        assertEquals(85_056_000L, c.nonEmbeddingParameters());
    }

    @Test
    void countsFollowTheFormulaForAnyShape() {
        // per block: qkv 3C²+3C, proj C²+C, fc 4C²+4C, fcproj 4C²+C, two norms 4C = 12C² + 13C; final norm 2C
        for (int[] s : new int[][] {{2, 32, 2, 128, 256}, {3, 96, 4, 64, 50257}, {1, 8, 1, 4, 11}}) {
            int L = s[0];
            long C = s[1];
            ModelConfig c = new ModelConfig(L, s[1], s[2], s[3], s[4], ModelConfig.Positions.LEARNED);
            long nonEmb = L * (12 * C * C + 13 * C) + 2 * C;
            assertEquals(nonEmb, c.nonEmbeddingParameters());
            assertEquals(nonEmb + s[4] * C + s[3] * C, c.parameters());
            ModelConfig rope = new ModelConfig(L, s[1], s[2], s[3], s[4], ModelConfig.Positions.ROPE);
            assertEquals(nonEmb + s[4] * C, rope.parameters(), "rotary positions have no parameters");
            assertNull(ParameterLayout.of(rope).wpe());
        }
    }

    @Test
    void tensorsAreAlignedDisjointAndDecayedOnesComeFirst() {
        ParameterLayout p = ParameterLayout.of(new ModelConfig(3, 24, 3, 10, 37, ModelConfig.Positions.LEARNED));
        long end = 0;
        boolean seenUndecayed = false;
        for (ParameterLayout.Tensor t : p.tensors()) {
            assertEquals(0, t.offset() % ParameterLayout.ALIGN, t.name());
            assertTrue(t.offset() >= end, t.name() + " overlaps the previous tensor");
            end = t.offset() + t.size();
            if (!t.decay()) {
                seenUndecayed = true;
                assertTrue(t.offset() >= p.decayedLength(), t.name());
            } else {
                assertTrue(!seenUndecayed && end <= p.decayedLength(), t.name());
            }
        }
        assertTrue(end <= p.flatLength());
        assertEquals(3 * 24, p.layer(1).qkvW().rows());
        assertEquals(24, p.layer(1).qkvW().cols());
        assertEquals(24, p.layer(2).fcProjW().rows());
        assertEquals(96, p.layer(2).fcProjW().cols());
    }

    @Test
    void badShapesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(2, 30, 4, 8, 10, ModelConfig.Positions.LEARNED)).getMessage().contains("divisible"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(2, 12, 4, 8, 10, ModelConfig.Positions.ROPE)).getMessage().contains("even head size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.named("huge")).getMessage()
                .contains("gpt2"));
    }

    @Test
    void gpt2InitHasTheRightStatistics() {
        ModelConfig c = new ModelConfig(4, 64, 4, 32, 256, ModelConfig.Positions.LEARNED);
        ParameterLayout p = ParameterLayout.of(c);
        float[] x = Gpt2Init.parameters(p, 1);
        for (ParameterLayout.Tensor t : p.tensors()) {
            double s = 0;
            double ss = 0;
            for (long i = t.offset(); i < t.offset() + t.size(); i++) {
                s += x[(int) i];
                ss += (double) x[(int) i] * x[(int) i];
            }
            double mean = s / t.size();
            double sd = Math.sqrt(ss / t.size() - mean * mean);
            String n = t.name();
            if (n.endsWith("proj.w")) {
                assertEquals(0.02 / Math.sqrt(8), sd, 0.1 * 0.02 / Math.sqrt(8), n);
            } else if (t.decay()) {
                assertEquals(0.02, sd, 0.002, n);
            } else if (n.endsWith("ln1.w") || n.endsWith("ln2.w") || n.equals("lnf.w")) {
                assertEquals(1.0, mean, 0.0, n);
                assertEquals(0.0, sd, 1e-12, n);
            } else {
                assertEquals(0.0, ss, 0.0, n + " starts at zero");
            }
        }
        assertEquals(java.util.Arrays.hashCode(x), java.util.Arrays.hashCode(Gpt2Init.parameters(p, 1)));
        assertTrue(java.util.Arrays.hashCode(x) != java.util.Arrays.hashCode(Gpt2Init.parameters(p, 2)));
    }
}
