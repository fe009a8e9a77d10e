package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.data.Batch;
import io.exmy.train.AdamWSettings;
import io.exmy.train.Gpt;
import io.exmy.train.Gpt2Init;
import io.exmy.train.ModelConfig;
import io.exmy.train.Optimizer;
import io.exmy.train.QuantTargets;
import io.exmy.train.Throughput;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training-step throughput of one configuration on one backend: full steps (forward, backward,
 * clipped AdamW) on random tokens after warm-up steps, timed one by one on the backend's clock;
 * the median step gives tokens/s and MFU. Data does not change the work, so no corpus is read.
 */
public final class TrainBenchmark {
    /** The measured figures of one configuration. */
    public record Result(String backend, String device, ModelConfig model, int batchSize, String quant,
                         double medianStepMs, double minStepMs, double tokensPerS, double flopsPerToken,
                         double peakFlops) {
        public double mfu() {
            return tokensPerS * flopsPerToken / peakFlops;
        }

        public double secondsFor(long tokens) {
            return tokens / tokensPerS;
        }
    }

    private TrainBenchmark() {
    }

    public static Result run(Backend be, ModelConfig cfg, int batchSize, QuantTargets targets, String quantLabel,
                             boolean fast, int warmup, int steps) {
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("need at least one timed step and no negative warm-up, got steps=" + steps
                    + " warmup=" + warmup);
        }
        try (Gpt model = new Gpt(be, cfg, batchSize, targets, false, fast);
             Optimizer opt = new Optimizer(be, model.layout(), new AdamWSettings(0.9, 0.95, 1e-8, 0.1), 1.0)) {
            model.loadParameters(Gpt2Init.parameters(model.layout(), 1));
            SplittableRandom rng = new SplittableRandom(1);
            int n = batchSize * cfg.context();
            double[] ms = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                int[] in = rng.ints(n, 0, cfg.vocab()).toArray();
                int[] tg = rng.ints(n, 0, cfg.vocab()).toArray();
                Batch b = new Batch(batchSize, cfg.context(), in, tg);
                final int step = s;
                double t = be.timeMillis(() -> {
                    model.step(step);
                    model.forward(b, true);
                    model.backward();
                    opt.step(model.parameters(), model.gradients(), step, 1e-4);
                });
                if (s >= warmup) {
                    ms[s - warmup] = t;
                }
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
            double tps = n / (median / 1e3);
            return new Result(be.name(), be.device(), cfg, batchSize, quantLabel, median, sorted[0], tps,
                    Throughput.flopsPerToken(cfg), Throughput.peakFlops(be.name(), be.device(), fast));
        }
    }
}
