package io.exmy.ops;

import java.util.stream.IntStream;

/**
 * Rotary position embedding (Su et al., RoFormer), on interleaved pairs: for a row of HS at position t,
 * each pair (x0, x1) = (x[2i], x[2i+1]) is rotated by the angle t·θ_i, θ_i = base^(−2i/HS)
 * (twin: {@code cuda/rope.cu}).
 */
public final class Rope {
    private Rope() {
    }

    /** The usual base of the angles, 10000 (RoFormer, LLaMA). */
    public static final double BASE = 10000.0;

    /** {@link #table(int, int, double)} with base 10000. */
    public static float[] table(int T, int HS) {
        return table(T, HS, BASE);
    }

    /**
     * The cos/sin table, T × HS/2 pairs (cos, sin) of t·θ_i, computed in double with {@link StrictMath}
     * (identical on every JVM) and rounded to float. Upload it once; every backend reads the same floats.
     */
    public static float[] table(int T, int HS, double base) {
        if (HS <= 0 || HS % 2 != 0) {
            throw new IllegalArgumentException("rotary embedding needs an even head size, got " + HS);
        }
        if (T <= 0 || !(base > 1)) {
            throw new IllegalArgumentException("rotary embedding needs T ≥ 1 and base > 1 (typically 10000), got T="
                    + T + " base=" + base);
        }
        int half = HS / 2;
        float[] tab = new float[T * HS];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < half; i++) {
                double angle = t * StrictMath.pow(base, -2.0 * i / HS);
                tab[(t * half + i) * 2] = (float) StrictMath.cos(angle);
                tab[(t * half + i) * 2 + 1] = (float) StrictMath.sin(angle);
            }
        }
        return tab;
    }

    /**
     * Forward: y0 = x0·cos − x1·sin, y1 = x0·sin + x1·cos. Backward (the transpose):
     * dx0 = dy0·cos + dy1·sin, dx1 = dy1·cos − dy0·sin. Each product and sum rounded as written.
     */
    public static void apply(float[] out, int oOff, float[] inp, int iOff, float[] tab, int tabOff, int rows, int T,
                             int HS, boolean backward) {
        int half = HS / 2;
        IntStream.range(0, rows).parallel().forEach(r -> {
            int cs = tabOff + (r % T) * HS;
            int x = iOff + r * HS;
            int o = oOff + r * HS;
            for (int i = 0; i < half; i++) {
                float c = tab[cs + 2 * i];
                float s = tab[cs + 2 * i + 1];
                float x0 = inp[x + 2 * i];
                float x1 = inp[x + 2 * i + 1];
                if (backward) {
                    out[o + 2 * i] = x0 * c + x1 * s;
                    out[o + 2 * i + 1] = x1 * c - x0 * s;
                } else {
                    out[o + 2 * i] = x0 * c - x1 * s;
                    out[o + 2 * i + 1] = x0 * s + x1 * c;
                }
            }
        });
    }
}
