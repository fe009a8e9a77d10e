package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.AdamWStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of the training ops ({@link io.exmy.backend.TrainOps}) at one model shape: each op on
 * realistic data, its bytes counted as the fewest it must move (each input element read once, each
 * output written once; the causal ops read only the live lower triangle), beside a device-to-device
 * copy of the same number of bytes measured in the same run.
 */
public final class TrainOpsBenchmark {
    /** A model shape: batch, context, width, heads, vocabulary, parameter count (for AdamW and the norm). */
    public record Shape(String name, int B, int T, int C, int NH, int V, long params) {
        public int rows() {
            return B * T;
        }
    }

    /** The CPU training target (issue 4): 4 layers of 128, context 128, bytes as tokens, 32 sequences a step. */
    public static final Shape SMALL = new Shape("small", 32, 128, 128, 4, 256, 835_000);
    /** GPT-2 124M at llm.c's batch of 8 × 1024 tokens (vocabulary padded to 50304). */
    public static final Shape GPT2 = new Shape("gpt2", 8, 1024, 768, 12, 50257, 124_475_904);

    private TrainOpsBenchmark() {
    }

    static float[] normal(long n, long seed, double scale) {
        float[] x = new float[Math.toIntExact(n)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (scale * r.nextGaussian());
        }
        return x;
    }

    /** Pads the vocabulary to a multiple of 64, as llm.c does, so logits rows stay aligned. */
    static int padded(int V) {
        return (V + 63) / 64 * 64;
    }

    public static List<BenchResult> run(Backend b, Shape s, int reps) {
        List<BenchResult> out = new ArrayList<>();
        List<DeviceBuffer> open = new ArrayList<>();
        try {
            int N = s.rows();
            int C = s.C();
            int T = s.T();
            int Vp = padded(s.V());
            int bnh = s.B() * s.NH();
            long attRows = (long) bnh * T;
            SplittableRandom r = new SplittableRandom(7);
            int[] tok = new int[N];
            for (int i = 0; i < N; i++) {
                tok[i] = r.nextInt(s.V());
            }
            DeviceBuffer tokens = keep(open, b.upload(tok));
            DeviceBuffer x = keep(open, b.upload(normal((long) N * C, 1, 1)));
            DeviceBuffer y = keep(open, b.allocate(DType.F32, (long) N * C));
            DeviceBuffer dy = keep(open, b.upload(normal((long) N * C, 2, 1)));
            DeviceBuffer dx = keep(open, b.allocate(DType.F32, (long) N * C));
            DeviceBuffer w = keep(open, b.upload(normal(C, 3, 1)));
            DeviceBuffer bias = keep(open, b.upload(normal(C, 4, 1)));
            DeviceBuffer dw = keep(open, b.allocate(DType.F32, C));
            DeviceBuffer db = keep(open, b.allocate(DType.F32, C));
            DeviceBuffer db4 = keep(open, b.allocate(DType.F32, 4L * C));
            DeviceBuffer mean = keep(open, b.allocate(DType.F32, N));
            DeviceBuffer rstd = keep(open, b.allocate(DType.F32, N));
            DeviceBuffer wte = keep(open, b.upload(normal((long) Vp * C, 5, 0.02)));
            DeviceBuffer wpe = keep(open, b.upload(normal((long) T * C, 6, 0.02)));
            DeviceBuffer h = keep(open, b.upload(normal(4L * N * C, 7, 1)));
            DeviceBuffer hOut = keep(open, b.allocate(DType.F32, 4L * N * C));
            DeviceBuffer dh = keep(open, b.upload(normal(4L * N * C, 8, 1)));
            DeviceBuffer att = keep(open, b.upload(normal(attRows * T, 9, 2)));
            DeviceBuffer attOut = keep(open, b.allocate(DType.F32, attRows * T));
            DeviceBuffer datt = keep(open, b.upload(normal(attRows * T, 10, 1)));
            DeviceBuffer logits = keep(open, b.upload(normal((long) N * Vp, 11, 2)));
            DeviceBuffer dlogits = keep(open, b.allocate(DType.F32, (long) N * Vp));
            DeviceBuffer losses = keep(open, b.allocate(DType.F32, N));
            DeviceBuffer params = keep(open, b.upload(normal(s.params(), 12, 0.02)));
            DeviceBuffer grads = keep(open, b.upload(normal(s.params(), 13, 0.01)));
            DeviceBuffer m = keep(open, b.allocate(DType.F32, s.params()));
            DeviceBuffer v = keep(open, b.allocate(DType.F32, s.params()));
            DeviceBuffer sq = keep(open, b.allocate(DType.F32, 1));
            for (DeviceBuffer d : List.of(y, dx, dw, db, db4, hOut, dlogits, m, v)) {
                b.fill(d, d.length(), 0.0f);
            }
            b.layerNormForward(y, mean, rstd, x, w, bias, N, C, 1e-5f);
            b.causalSoftmaxForward(attOut, att, (int) attRows, T, 0.125f);

            long nc = (long) N * C;
            long live = (long) bnh * T * (T + 1) / 2;
            float scale = (float) (1 / Math.sqrt((double) C / s.NH()));
            AdamWStep step = new AdamWStep(6e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, 1, 1.0f);
            out.add(measure(b, "encoder forward", nc, 4.0 * (3 * nc),
                    () -> b.encoderForward(y, tokens, wte, wpe, s.B(), T, C, s.V()), reps));
            out.add(measure(b, "encoder backward", nc, 4.0 * (3 * nc),
                    () -> b.encoderBackward(wte, wpe, dy, tokens, s.B(), T, C, s.V()), reps));
            out.add(measure(b, "layer norm forward", nc, 4.0 * (2 * nc),
                    () -> b.layerNormForward(y, mean, rstd, x, w, bias, N, C, 1e-5f), reps));
            out.add(measure(b, "layer norm backward", nc, 4.0 * (4 * nc),
                    () -> b.layerNormBackward(dx, dw, db, dy, x, w, mean, rstd, N, C), reps));
            out.add(measure(b, "gelu forward", 4 * nc, 4.0 * (8 * nc), () -> b.geluForward(hOut, h, 4 * nc), reps));
            out.add(measure(b, "gelu backward", 4 * nc, 4.0 * (12 * nc),
                    () -> b.geluBackward(hOut, h, dh, 4 * nc), reps));
            out.add(measure(b, "bias backward (4C)", 4 * nc, 4.0 * (4 * nc), () -> b.biasBackward(db4, dh, N, 4 * C), reps));
            out.add(measure(b, "residual add", nc, 4.0 * (3 * nc), () -> b.add(y, x, dy, nc), reps));
            out.add(measure(b, "causal softmax forward", attRows * T, 4.0 * (live + attRows * T),
                    () -> b.causalSoftmaxForward(attOut, att, (int) attRows, T, scale), reps));
            out.add(measure(b, "causal softmax backward", attRows * T, 4.0 * (2 * live + attRows * T),
                    () -> b.causalSoftmaxBackward(att, datt, attOut, (int) attRows, T, scale), reps));
            out.add(measure(b, "softmax + cross-entropy", (long) N * s.V(), 4.0 * ((long) N * s.V() + (long) N * Vp),
                    () -> b.crossEntropy(losses, dlogits, logits, tokens, N, s.V(), Vp, 1.0f / N), reps));
            out.add(measure(b, "AdamW", s.params(), 4.0 * 7 * s.params(),
                    () -> b.adamW(params, grads, m, v, s.params(), step), reps));
            out.add(measure(b, "gradient sum of squares", s.params(), 4.0 * s.params(),
                    () -> b.sumOfSquares(sq, grads, s.params()), reps));
            return out;
        } finally {
            open.forEach(DeviceBuffer::close);
        }
    }

    private static DeviceBuffer keep(List<DeviceBuffer> open, DeviceBuffer d) {
        open.add(d);
        return d;
    }

    static BenchResult measure(Backend b, String op, long elements, double bytes, Runnable work, int reps) {
        int warm = Math.max(1, Math.min(3, reps / 5));
        Timing t = Timing.of(b, work, warm, reps);
        long copyFloats = Math.max(1, (long) (bytes / 8));
        double copyGbs;
        try (DeviceBuffer src = b.allocate(DType.F32, copyFloats); DeviceBuffer dst = b.allocate(DType.F32, copyFloats)) {
            b.fill(src, copyFloats, 1.0f);
            Timing c = Timing.of(b, () -> b.copy(src, dst), warm, reps);
            copyGbs = 8.0 * copyFloats / (c.medianMs * 1e6);
        }
        return new BenchResult(b.name(), op, elements, t.medianMs, t.minMs, bytes / (t.medianMs * 1e6), copyGbs);
    }
}
