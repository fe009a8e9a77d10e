package io.exmy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** AdamW against steps computed by hand. */
class AdamWTest {
    @Test
    void firstStepMovesEachParameterByTheLearningRate() {
        // step 1 from zero moments: m/bc1 = g, v/bc2 = g², so the update is lr·g/(|g| + eps) ≈ lr·sign(g)
        float[] p = {1.0f, -2.0f, 0.5f};
        float[] g = {0.25f, -4.0f, 0.0f};
        float[] m = new float[3];
        float[] v = new float[3];
        AdamWStep s = new AdamWStep(0.01f, 0.9f, 0.95f, 1e-8f, 0.0f, 1, 1.0f);
        AdamW.step(p, 0, g, 0, m, 0, v, 0, 3, s);
        assertEquals(0.99f, p[0], 1e-6f);
        assertEquals(-1.99f, p[1], 1e-6f);
        assertEquals(0.5f, p[2]);
        assertEquals(0.1f * 0.25f, m[0], 1e-7f);
        assertEquals(0.05f * 16.0f, v[1], 1e-6f);
    }

    @Test
    void secondStepWithWeightDecayAndClipping() {
        float[] p = {2.0f};
        float[] g = {3.0f};
        float[] m = {0.5f};
        float[] v = {0.25f};
        float lr = 0.1f;
        float wd = 0.1f;
        float clip = 0.5f;
        AdamW.step(p, 0, g, 0, m, 0, v, 0, 1, new AdamWStep(lr, 0.9f, 0.99f, 1e-8f, wd, 2, clip));
        // by hand, in double: g = 1.5; m = 0.45 + 0.15 = 0.6; v = 0.2475 + 0.0225 = 0.27;
        // m̂ = 0.6/0.19; v̂ = 0.27/0.0199; p = 2 − 0.1·(m̂/(√v̂ + 1e-8) + 0.1·2)
        double mhat = 0.6 / (1 - 0.81);
        double vhat = 0.27 / (1 - 0.9801);
        double expected = 2 - 0.1 * (mhat / (Math.sqrt(vhat) + 1e-8) + 0.2);
        assertEquals(0.6f, m[0], 1e-6f);
        assertEquals(0.27f, v[0], 1e-6f);
        assertEquals(expected, p[0], 1e-5);
    }

    @Test
    void exactFloatSequence() {
        // the documented sequence of float operations, literally
        float p0 = 0.3f;
        float g0 = -0.7f;
        float m0 = 0.01f;
        float v0 = 0.002f;
        AdamWStep s = new AdamWStep(3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, 7, 0.8f);
        float g = g0 * 0.8f;
        float m = 0.9f * m0 + (1.0f - 0.9f) * g;
        float v = 0.95f * v0 + (1.0f - 0.95f) * (g * g);
        float bc1 = (float) (1 - StrictMath.pow(0.9f, 7));
        float bc2 = (float) (1 - StrictMath.pow(0.95f, 7));
        float expected = p0 - 3e-4f * ((m / bc1) / ((float) Math.sqrt(v / bc2) + 1e-8f) + 0.1f * p0);
        float[] p = {p0};
        float[] mm = {m0};
        float[] vv = {v0};
        AdamW.step(p, 0, new float[] {g0}, 0, mm, 0, vv, 0, 1, s);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(p[0]));
        assertEquals(Float.floatToRawIntBits(m), Float.floatToRawIntBits(mm[0]));
        assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(vv[0]));
    }

    @Test
    void badHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AdamWStep(1e-3f, 1.0f, 0.95f, 1e-8f, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdamWStep(1e-3f, 0.9f, 0.95f, 1e-8f, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdamWStep(Float.NaN, 0.9f, 0.95f, 1e-8f, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdamWStep(1e-3f, 0.9f, 0.95f, 0, 0, 1, 1));
    }

    @Test
    void clipFactor() {
        assertEquals(1.0f, GradClip.factor(0.5f, 1.0f));
        assertEquals(0.25f, GradClip.factor(4.0f, 1.0f));
        assertEquals(2.0f, GradClip.norm(4.0f));
        assertThrows(IllegalArgumentException.class, () -> GradClip.factor(1, 0));
    }
}
