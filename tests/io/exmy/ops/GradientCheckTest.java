package io.exmy.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference gradient checks of every training op's backward pass on the Java reference: a
 * scalar loss L = Σ w·out (w random, fixed) is evaluated in double from the op's float outputs at
 * x ± h, and (L(x+h) − L(x−h)) / (2h) is compared with the backward pass given dout = w.
 *
 * <p>Tolerance: |fd − analytic| ≤ 1e-2·|analytic| + 2e-3·max|analytic|. With h = 1e-3·max(1, |x|)
 * (the actual, float-representable step is used), the central difference's truncation error is
 * O(h²·f''') ≈ 1e-6 relative, and the float rounding of the forward outputs (≈ 6e-8 relative each,
 * up to ~100 outputs moving per perturbed input) divided by 2h contributes ≈ 1e-4 of the gradient
 * scale; the tolerance is ten times the sum, and a wrong backward formula (a missing term, a sign, a
 * transposed index) misses it by orders of magnitude, which the self-check below confirms.
 */
class GradientCheckTest {
    static final double RTOL = 1e-2;
    static final double ATOL_OF_MAX = 2e-3;

    static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * r.nextGaussian());
        }
        return x;
    }

    static double weighted(float[] out, float[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (double) w[i] * out[i];
        }
        return s;
    }

    /** Compares analytic[i] with the central difference of loss in input[i], for every i (or every stride-th). */
    static void check(String what, float[] input, float[] analytic, DoubleSupplier loss, int stride) {
        double max = 0;
        for (float a : analytic) {
            max = Math.max(max, Math.abs(a));
        }
        StringBuilder bad = new StringBuilder();
        int failures = 0;
        for (int i = 0; i < input.length; i += stride) {
            float x = input[i];
            double h = 1e-3 * Math.max(1, Math.abs(x));
            float xp = (float) (x + h);
            float xm = (float) (x - h);
            input[i] = xp;
            double lp = loss.getAsDouble();
            input[i] = xm;
            double lm = loss.getAsDouble();
            input[i] = x;
            double fd = (lp - lm) / ((double) xp - xm);
            if (Math.abs(fd - analytic[i]) > RTOL * Math.abs(analytic[i]) + ATOL_OF_MAX * max) {
                if (failures++ < 5) {
                    bad.append(String.format("%n  [%d] x=%s analytic %s, finite difference %s", i, x, analytic[i], fd));
                }
            }
        }
        if (failures > 0) {
            fail(what + ": " + failures + " gradients disagree with finite differences (max |g| " + max + ")" + bad);
        }
    }

    @Test
    void gelu() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 400;
        float[] x = random(r, n, 2.5);
        float[] w = random(r, n, 1);
        float[] out = new float[n];
        float[] dx = new float[n];
        Gelu.backward(dx, 0, x, 0, w, 0, n);
        check("gelu", x, dx, () -> {
            Gelu.forward(out, 0, x, 0, n);
            return weighted(out, w);
        }, 1);
    }

    @Test
    void layerNorm() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 5;
        int C = 37;
        float[] x = random(r, rows * C, 2);
        for (int i = 0; i < x.length; i++) {
            x[i] += 1.5f; // a nonzero mean
        }
        float[] wt = random(r, C, 1);
        float[] bs = random(r, C, 1);
        float[] w = random(r, rows * C, 1);
        float[] out = new float[rows * C];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        float eps = 1e-5f;
        LayerNorm.forward(out, 0, mean, 0, rstd, 0, x, 0, wt, 0, bs, 0, rows, C, eps);
        float[] dx = new float[rows * C];
        float[] dw = new float[C];
        float[] db = new float[C];
        LayerNorm.backward(dx, 0, dw, 0, db, 0, w, 0, x, 0, wt, 0, mean, 0, rstd, 0, rows, C);
        DoubleSupplier loss = () -> {
            LayerNorm.forward(out, 0, new float[rows], 0, new float[rows], 0, x, 0, wt, 0, bs, 0, rows, C, eps);
            return weighted(out, w);
        };
        check("layer norm input", x, dx, loss, 1);
        check("layer norm weight", wt, dw, loss, 1);
        check("layer norm bias", bs, db, loss, 1);
    }

    @Test
    void causalSoftmax() {
        SplittableRandom r = new SplittableRandom(3);
        int T = 9;
        int rows = 2 * T;
        float scale = 0.4f;
        float[] s = random(r, rows * T, 2);
        float[] w = random(r, rows * T, 1);
        float[] att = new float[rows * T];
        Attention.softmaxForward(att, 0, s, 0, rows, T, scale);
        float[] ds = new float[rows * T];
        Attention.softmaxBackward(ds, 0, w, 0, att, 0, rows, T, scale);
        check("causal softmax", s, ds, () -> {
            Attention.softmaxForward(att, 0, s, 0, rows, T, scale);
            return weighted(att, w);
        }, 1);
    }

    @Test
    void crossEntropy() {
        SplittableRandom r = new SplittableRandom(4);
        int rows = 6;
        int V = 300; // more than one column per thread of the 256
        int Vp = 304;
        float[] x = random(r, rows * Vp, 3);
        int[] y = {0, 299, 17, -1, 150, 300}; // two rows ignored
        float dloss = 1.0f / rows;
        float[] losses = new float[rows];
        float[] g = new float[rows * Vp];
        CrossEntropy.forwardBackward(losses, 0, g, 0, x, 0, y, 0, rows, V, Vp, dloss);
        check("cross-entropy", x, g, () -> {
            CrossEntropy.forwardBackward(losses, 0, null, 0, x, 0, y, 0, rows, V, Vp, dloss);
            double l = 0;
            for (float v : losses) {
                l += v * (double) dloss;
            }
            return l;
        }, 1);
    }

    @Test
    void encoder() {
        SplittableRandom r = new SplittableRandom(5);
        int B = 2;
        int T = 5;
        int C = 7;
        int V = 6;
        int[] tokens = {0, 3, 3, 5, -2, 3, 1, 1, 6, 0};
        float[] wte = random(r, V * C, 1);
        float[] wpe = random(r, T * C, 1);
        float[] w = random(r, B * T * C, 1);
        float[] out = new float[B * T * C];
        float[] dwte = new float[V * C];
        float[] dwpe = new float[T * C];
        Encoder.backward(dwte, 0, dwpe, 0, w, 0, tokens, 0, B, T, C, V);
        DoubleSupplier loss = () -> {
            Encoder.forward(out, 0, tokens, 0, wte, 0, wpe, 0, B, T, C, V);
            return weighted(out, w);
        };
        check("token embedding", wte, dwte, loss, 1);
        check("position embedding", wpe, dwpe, loss, 1);
    }

    @Test
    void rope() {
        SplittableRandom r = new SplittableRandom(6);
        int T = 5;
        int HS = 8;
        int rows = 3 * T;
        float[] tab = Rope.table(T, HS);
        float[] x = random(r, rows * HS, 1);
        float[] w = random(r, rows * HS, 1);
        float[] out = new float[rows * HS];
        float[] dx = new float[rows * HS];
        Rope.apply(dx, 0, w, 0, tab, 0, rows, T, HS, true);
        check("rotary embedding", x, dx, () -> {
            Rope.apply(out, 0, x, 0, tab, 0, rows, T, HS, false);
            return weighted(out, w);
        }, 1);
    }

    @Test
    void attentionLayouts() {
        SplittableRandom r = new SplittableRandom(7);
        int B = 2;
        int T = 3;
        int NH = 2;
        int HS = 4;
        int n = B * T * NH * HS;
        float[] qkv = random(r, 3 * n, 1);
        float[][] w = {random(r, n, 1), random(r, n, 1), random(r, n, 1)};
        float[][] qkvOut = {new float[n], new float[n], new float[n]};
        float[] dqkv = new float[3 * n];
        Attention.split(w[0], 0, w[1], 0, w[2], 0, dqkv, 0, B, T, NH, HS, true);
        check("attention split", qkv, dqkv, () -> {
            Attention.split(qkvOut[0], 0, qkvOut[1], 0, qkvOut[2], 0, qkv, 0, B, T, NH, HS, false);
            return weighted(qkvOut[0], w[0]) + weighted(qkvOut[1], w[1]) + weighted(qkvOut[2], w[2]);
        }, 1);
        float[] y = random(r, n, 1);
        float[] wm = random(r, n, 1);
        float[] merged = new float[n];
        float[] dy = new float[n];
        Attention.merge(wm, 0, dy, 0, B, T, NH, HS, true);
        check("attention merge", y, dy, () -> {
            Attention.merge(merged, 0, y, 0, B, T, NH, HS, false);
            return weighted(merged, wm);
        }, 1);
    }

    @Test
    void biasAndResidual() {
        SplittableRandom r = new SplittableRandom(8);
        int rows = 21;
        int cols = 5;
        float[] base = random(r, rows * cols, 1);
        float[] bias = random(r, cols, 1);
        float[] w = random(r, rows * cols, 1);
        float[] out = new float[rows * cols];
        float[] db = new float[cols];
        Elementwise.biasBackward(db, 0, w, 0, rows, cols);
        check("bias", bias, db, () -> {
            System.arraycopy(base, 0, out, 0, out.length);
            Elementwise.biasAdd(out, 0, bias, 0, rows, cols);
            return weighted(out, w);
        }, 1);
        // residual: out = a + b passes dout to both inputs unchanged
        float[] a = random(r, rows * cols, 1);
        check("residual", a, w, () -> {
            Elementwise.add(out, 0, a, 0, base, 0, rows * cols);
            return weighted(out, w);
        }, 1);
    }

    @Test
    void aWrongGradientFailsTheCheck() {
        // the harness itself: GELU's derivative without its tanh-derivative term must be rejected
        SplittableRandom r = new SplittableRandom(9);
        int n = 50;
        float[] x = random(r, n, 2);
        float[] w = random(r, n, 1);
        float[] wrong = new float[n];
        for (int i = 0; i < n; i++) {
            wrong[i] = 0.5f * (1 + ExmyMath.tanh(Gelu.S * (x[i] + Gelu.K * x[i] * x[i] * x[i]))) * w[i];
        }
        float[] out = new float[n];
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> check("wrong gelu", x, wrong, () -> {
            Gelu.forward(out, 0, x, 0, n);
            return weighted(out, w);
        }, 1));
    }
}
