package io.exmy.ops;

/** The AdamW update of {@link AdamWStep}, element by element (twin: {@code cuda/adamw.cu}). */
public final class AdamW {
    private AdamW() {
    }

    public static void step(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff, int n,
                            AdamWStep s) {
        float lr = s.learningRate();
        float b1 = s.beta1();
        float b2 = s.beta2();
        float omb1 = s.oneMinusBeta1();
        float omb2 = s.oneMinusBeta2();
        float bc1 = s.biasCorrection1();
        float bc2 = s.biasCorrection2();
        float eps = s.eps();
        float wd = s.weightDecay();
        float scale = s.gradScale();
        Elementwise.chunks(n, (b, e) -> {
            for (int i = b; i < e; i++) {
                float grad = g[gOff + i] * scale;
                float mi = b1 * m[mOff + i] + omb1 * grad;
                float vi = b2 * v[vOff + i] + omb2 * (grad * grad);
                float param = p[pOff + i];
                p[pOff + i] = param - lr * ((mi / bc1) / (ExmyMath.sqrt(vi / bc2) + eps) + wd * param);
                m[mOff + i] = mi;
                v[vOff + i] = vi;
            }
            return 0;
        });
    }
}
