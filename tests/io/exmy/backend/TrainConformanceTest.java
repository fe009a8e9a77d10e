package io.exmy.backend;

import static io.exmy.backend.TrainBuffers.same;

import io.exmy.backend.host.HostLibrary;
import io.exmy.backend.host.NativeLibraries;
import io.exmy.backends.Backends;
import io.exmy.ops.AdamWStep;
import io.exmy.ops.Rope;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every training op on every backend against the Java reference, bit for bit (NaN = NaN): random and
 * adversarial data (cancelling sums, constant rows, ±inf, NaN, subnormals, huge logits, repeated and
 * invalid tokens), sizes that divide no tile (T and C not multiples of 32, C &gt; 1024, V not a multiple
 * of the 256-thread block, more than 32 chunks in the column order), views at unaligned offsets, and
 * the in-place forms the API allows. Sizes stay small: under emulation every block is real threads, and
 * the sanitizer runs repeat this suite 3× and 10× slower.
 */
@Tag("kernels")
class TrainConformanceTest {
    static final Backend JAVA = Backends.open("java");

    interface Case {
        List<float[]> run(TrainBuffers t);
    }

    static void conform(String backend, String what, Case c) {
        List<float[]> expected;
        try (TrainBuffers t = new TrainBuffers(JAVA)) {
            expected = c.run(t);
        }
        List<float[]> got;
        try (TrainBuffers t = new TrainBuffers(BackendFixture.get(backend))) {
            got = c.run(t);
        }
        for (int i = 0; i < expected.size(); i++) {
            same(expected.get(i), got.get(i), backend + " " + what + " (output " + i + ")");
        }
    }

    // ---- data ----

    static float[] normal(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * r.nextGaussian());
        }
        return x;
    }

    /** Mixed magnitudes whose sums depend on the order: a wrong order changes bits. */
    static float[] cancelling(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextInt(4) == 0 ? 1e4 : 1) * r.nextGaussian());
        }
        return x;
    }

    static final float[] SPECIAL = {0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL, 1, -1,
            0.55f, -0.55f, 0.6897f, 3, -3, 9, -9, 20, -20, 88, -88, 100, -104, 1e10f, -1e10f, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    static float[] withSpecials(float[] x) {
        float[] y = x.clone();
        for (int i = 0; i < SPECIAL.length && i < y.length; i++) {
            y[(i * 7919) % y.length] = SPECIAL[i];
        }
        return y;
    }

    static List<float[]> outs(TrainBuffers t, DeviceBuffer... bs) {
        List<float[]> l = new ArrayList<>();
        for (DeviceBuffer b : bs) {
            l.add(t.get(b));
        }
        return l;
    }

    // ---- element-wise ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void elementwiseOnUnalignedViews(String backend) {
        int n = 1003;
        float[] a = withSpecials(normal(1, n + 3, 2));
        float[] b = normal(2, n + 3, 1);
        conform(backend, "fill/scale/add", t -> {
            DeviceBuffer x = t.f(a);
            DeviceBuffer y = t.f(b);
            DeviceBuffer out = t.zeros(n + 3);
            t.b.add(out.slice(1, n), x.slice(1, n), y.slice(1, n), n);
            t.b.add(x, x, y, n + 3); // in place
            t.b.scale(y.slice(2, n), n, 0.3f);
            DeviceBuffer f = t.zeros(n + 3);
            t.b.fill(f.slice(3, n), n, -2.5f);
            return outs(t, out, x, y, f);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void biasAddAndBackward(String backend) {
        int rows = 8 * 33 + 5; // 34 chunks: the fold's lanes take two each
        int cols = 19;
        float[] x = cancelling(3, rows * cols);
        float[] bias = normal(4, cols, 1);
        float[] db0 = normal(5, cols, 1);
        conform(backend, "bias add and column sums", t -> {
            DeviceBuffer m = t.f(x);
            DeviceBuffer db = t.f(db0);
            t.b.biasBackward(db, m, rows, cols);
            t.b.biasAdd(m, t.f(bias), rows, cols);
            return outs(t, db, m);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void gelu(String backend) {
        int n = 2001;
        float[] x = withSpecials(normal(6, n, 3));
        for (int i = 100; i < 300; i++) {
            x[i] = -0.9f + i * 0.002f; // around tanh's branch at |u| = 0.55
        }
        float[] g = normal(7, n, 1);
        conform(backend, "gelu", t -> {
            DeviceBuffer in = t.f(x);
            DeviceBuffer out = t.zeros(n);
            t.b.geluForward(out, in, n);
            DeviceBuffer dout = t.f(g);
            DeviceBuffer dinp = t.zeros(n);
            t.b.geluBackward(dinp, in, dout, n);
            t.b.geluBackward(dout.slice(1, n - 1), in.slice(1, n - 1), dout.slice(1, n - 1), n - 1); // in place
            t.b.geluForward(in.slice(2, n - 2), in.slice(2, n - 2), n - 2); // in place, unaligned
            return outs(t, out, dinp, dout, in);
        });
    }

    // ---- embeddings ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void encoder(String backend) {
        for (int C : new int[] {45, 300}) {
            int B = 3;
            int T = C == 45 ? 37 : 9;
            int V = 50;
            SplittableRandom r = new SplittableRandom(C);
            int[] tokens = new int[B * T];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = r.nextInt(12) == 0 ? (r.nextBoolean() ? -1 : V) : r.nextInt(8); // repeats and invalid ids
            }
            tokens[tokens.length - 1] = V - 1;
            float[] wte = normal(8, V * C, 1);
            float[] wpe = normal(9, T * C, 1);
            float[] g = cancelling(10, B * T * C);
            float[] dwte0 = normal(11, V * C, 1);
            float[] dwpe0 = normal(12, T * C, 1);
            conform(backend, "encoder C=" + C, t -> {
                DeviceBuffer tok = t.i(tokens);
                DeviceBuffer out = t.zeros((long) B * T * C);
                DeviceBuffer out2 = t.zeros((long) B * T * C);
                t.b.encoderForward(out, tok, t.f(wte), t.f(wpe), B, T, C, V);
                t.b.encoderForward(out2, tok, t.f(wte), null, B, T, C, V);
                DeviceBuffer dwte = t.f(dwte0);
                DeviceBuffer dwpe = t.f(dwpe0);
                DeviceBuffer dout = t.f(g);
                t.b.encoderBackward(dwte, dwpe, dout, tok, B, T, C, V);
                DeviceBuffer dwte2 = t.f(dwte0);
                t.b.encoderBackward(dwte2, null, dout, tok, B, T, C, V);
                return outs(t, out, out2, dwte, dwpe, dwte2);
            });
        }
    }

    // ---- layer norm ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void layerNorm(String backend) {
        for (int C : new int[] {45, 1100}) {
            int rows = C == 45 ? 8 * 5 + 3 : 11;
            float[] x = cancelling(13, rows * C);
            for (int j = 0; j < C; j++) {
                x[j] = 3.25f; // a constant row: variance 0, rstd = 1/sqrt(eps)
                x[C + j] = 1e4f + x[C + j]; // a large mean
            }
            float[] w = normal(14, C, 1);
            float[] bs = normal(15, C, 1);
            float[] g = cancelling(16, rows * C);
            float[] dinp0 = normal(17, rows * C, 1);
            float[] dw0 = normal(18, C, 1);
            float[] db0 = normal(19, C, 1);
            conform(backend, "layer norm C=" + C, t -> {
                DeviceBuffer in = t.f(x);
                DeviceBuffer out = t.zeros((long) rows * C);
                DeviceBuffer mean = t.zeros(rows);
                DeviceBuffer rstd = t.zeros(rows);
                DeviceBuffer wt = t.f(w);
                t.b.layerNormForward(out, mean, rstd, in, wt, t.f(bs), rows, C, 1e-5f);
                DeviceBuffer dinp = t.f(dinp0);
                DeviceBuffer dw = t.f(dw0);
                DeviceBuffer db = t.f(db0);
                t.b.layerNormBackward(dinp, dw, db, t.f(g), in, wt, mean, rstd, rows, C);
                return outs(t, out, mean, rstd, dinp, dw, db);
            });
        }
    }

    // ---- attention ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void attentionLayouts(String backend) {
        int B = 2;
        int T = 7;
        int NH = 3;
        int HS = 5;
        int n = B * T * NH * HS;
        float[] qkv = normal(20, 3 * n, 1);
        float[] y = normal(21, n, 1);
        conform(backend, "attention split and merge", t -> {
            DeviceBuffer f = t.f(qkv);
            DeviceBuffer q = t.zeros(n);
            DeviceBuffer k = t.zeros(n);
            DeviceBuffer v = t.zeros(n);
            t.b.attentionSplit(q, k, v, f, B, T, NH, HS);
            DeviceBuffer back = t.zeros(3L * n);
            t.b.attentionSplitBackward(back, v, q, k, B, T, NH, HS);
            DeviceBuffer merged = t.zeros(n);
            t.b.attentionMerge(merged, t.f(y), B, T, NH, HS);
            DeviceBuffer unmerged = t.zeros(n);
            t.b.attentionMergeBackward(unmerged, t.f(y), B, T, NH, HS);
            return outs(t, q, k, v, back, merged, unmerged);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void causalSoftmax(String backend) {
        for (int T : new int[] {37, 70}) {
            int rows = 2 * 2 * T;
            float[] s = normal(22, rows * T, 4);
            s[T * 5 + 1] = Float.NEGATIVE_INFINITY; // a masked-out score
            for (int j = 0; j < T; j++) {
                s[T * (T - 1) + j] = 2.0f; // a row of equal scores
                s[T * (T - 2) + j] = (float) (60 * Math.sin(j)); // a wide range
            }
            s[T * 9 + 3] = Float.NaN; // a NaN row
            float[] g = cancelling(23, rows * T);
            float scale = 1 / (float) Math.sqrt(24);
            conform(backend, "causal softmax T=" + T, t -> {
                DeviceBuffer pre = t.f(s);
                DeviceBuffer att = t.zeros((long) rows * T);
                t.b.causalSoftmaxForward(att, pre, rows, T, scale);
                DeviceBuffer datt = t.f(g);
                DeviceBuffer dpre = t.zeros((long) rows * T);
                t.b.causalSoftmaxBackward(dpre, datt, att, rows, T, scale);
                t.b.causalSoftmaxBackward(datt, datt, att, rows, T, scale); // in place
                t.b.causalSoftmaxForward(pre, pre, rows, T, scale); // in place
                return outs(t, att, dpre, datt, pre);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void rope(String backend) {
        int T = 37;
        int HS = 10;
        int rows = 2 * T;
        float[] tab = Rope.table(T, HS);
        float[] x = normal(24, rows * HS, 1);
        conform(backend, "rotary embedding", t -> {
            DeviceBuffer table = t.f(tab);
            DeviceBuffer in = t.f(x);
            DeviceBuffer out = t.zeros((long) rows * HS);
            t.b.ropeForward(out, in, table, rows, T, HS);
            DeviceBuffer back = t.zeros((long) rows * HS);
            t.b.ropeBackward(back, out, table, rows, T, HS);
            t.b.ropeForward(in, in, table, rows, T, HS); // in place
            return outs(t, out, back, in);
        });
    }

    // ---- classifier ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void crossEntropy(String backend) {
        for (int V : new int[] {300, 1000}) {
            int Vp = V + 4;
            int rows = V == 300 ? 13 : 5;
            float[] x = normal(25, rows * Vp, 5);
            int[] targets = new int[rows];
            SplittableRandom r = new SplittableRandom(V);
            for (int i = 0; i < rows; i++) {
                targets[i] = r.nextInt(V);
            }
            targets[1] = -1; // ignored
            targets[2] = V; // ignored
            targets[3] = V - 1;
            for (int j = 0; j < V; j++) {
                x[4 * Vp + j] = 7.0f; // equal logits
            }
            x[0 * Vp + 17] = 80.0f; // one dominant logit
            x[0 * Vp + 18] = Float.NEGATIVE_INFINITY;
            float dloss = 1.0f / rows;
            conform(backend, "cross-entropy V=" + V, t -> {
                DeviceBuffer logits = t.f(x);
                DeviceBuffer tg = t.i(targets);
                DeviceBuffer losses = t.zeros(rows);
                DeviceBuffer grad = t.zeros((long) rows * Vp);
                t.b.crossEntropy(losses, grad, logits, tg, rows, V, Vp, dloss);
                DeviceBuffer lossOnly = t.zeros(rows);
                t.b.crossEntropy(lossOnly, null, logits, tg, rows, V, Vp, dloss);
                DeviceBuffer inPlaceLoss = t.zeros(rows);
                t.b.crossEntropy(inPlaceLoss, logits, logits, tg, rows, V, Vp, dloss);
                return outs(t, losses, grad, lossOnly, inPlaceLoss, logits);
            });
        }
    }

    // ---- optimizer ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void adamW(String backend) {
        int n = 1003;
        float[] p0 = normal(26, n, 1);
        float[] g0 = withSpecials(normal(27, n, 1));
        float[] m0 = normal(28, n, 0.1);
        float[] v0 = normal(29, n, 0.1);
        for (int i = 0; i < n; i++) {
            v0[i] = Math.abs(v0[i]);
        }
        conform(backend, "AdamW", t -> {
            DeviceBuffer p = t.f(p0);
            DeviceBuffer g = t.f(g0);
            DeviceBuffer m = t.f(m0);
            DeviceBuffer v = t.f(v0);
            t.b.adamW(p, g, m, v, n, new AdamWStep(6e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, 1, 1.0f));
            t.b.adamW(p.slice(1, n - 1), g.slice(1, n - 1), m.slice(1, n - 1), v.slice(1, n - 1), n - 1,
                    new AdamWStep(3e-4f, 0.8f, 0.999f, 1e-6f, 0.0f, 10, 0.37f));
            return outs(t, p, m, v);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void sumOfSquares(String backend) {
        float[] x = cancelling(30, 8192 * 3 + 77);
        conform(backend, "sum of squares", t -> {
            DeviceBuffer in = t.f(x);
            DeviceBuffer out = t.zeros(4);
            t.b.sumOfSquares(out, in, x.length);
            t.b.sumOfSquares(out.slice(1, 1), in.slice(5, 100), 100);
            t.b.sumOfSquares(out.slice(2, 1), in, 0);
            return outs(t, out);
        });
    }

    /** The host library's loops are built twice (portable, and AVX2+FMA where the CPU has it): both match. */
    @Test
    void hostPortableBuildMatchesToo() {
        Assumptions.assumeTrue(BackendFixture.UNDER_TEST.contains("host"), "host is not under test here");
        BackendFixture.get("host");
        HostLibrary lib = NativeLibraries.load("host", HostLibrary.class);
        lib.exmy_host_train_portable(1);
        try {
            elementwiseOnUnalignedViews("host");
            biasAddAndBackward("host");
            gelu("host");
            encoder("host");
            layerNorm("host");
            attentionLayouts("host");
            causalSoftmax("host");
            rope("host");
            crossEntropy("host");
            adamW("host");
            sumOfSquares("host");
        } finally {
            lib.exmy_host_train_portable(0);
        }
    }
}
