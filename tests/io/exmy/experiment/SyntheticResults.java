package io.exmy.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Provenance;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A results store filled with runs whose losses come from the published laws plus 0.1 % noise: Sun et
 * al.'s floating-point law for quantized runs and a Chinchilla law for fp32 runs. Lets the
 * experiment report be tested (and looked at) without training anything.
 */
final class SyntheticResults {
    // Many tokens per parameter, where the quantization term is large enough to be measured.
    static final double[] N = {1e7, 3e7, 1e8};
    static final double[] D = {1e10, 1e11, 1e12};
    /** E and M vary independently: with E = M + 1 for every format, δ and ν could not be told apart. */
    static final int[][] FORMATS = {{4, 3}, {3, 2}, {2, 1}, {5, 2}, {2, 3}, {3, 4}};
    static final double B = 32;

    /** Sun et al. 2025's published constants: n, α, d, β, ε, γ, δ, ν. */
    static double sunLoss(double n, double d, double e, double m, double b) {
        double term = Math.pow(d, 0.5162) / Math.pow(n, 0.2368) * (Math.log(b) / Math.log(2))
                / (11334.5197 * Math.pow(e + 0.5, 3.1926) * Math.pow(m + 0.5, 2.9543));
        return 69.2343 / Math.pow(n, 0.2368) + 68973.0621 / Math.pow(d, 0.5162) + 1.9061 + term;
    }

    /** Besiroglu et al.'s Chinchilla replication: E, A, α, B, β. */
    static double chinchillaLoss(double n, double d) {
        return 1.817 + 482.0 / Math.pow(n, 0.3478) + 2085.4 / Math.pow(d, 0.3659);
    }

    static ResultsStore fill(Path dir, long seed) {
        ResultsStore store = ResultsStore.openOrCreate(dir);
        ObjectMapper json = new ObjectMapper();
        SplittableRandom rng = new SplittableRandom(seed);
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        for (double n : N) {
            for (double d : D) {
                for (int f = -1; f < FORMATS.length; f++) {
                    ObjectNode config = json.createObjectNode();
                    ObjectNode metrics = json.createObjectNode();
                    config.put("n", n).put("d", d);
                    double loss;
                    if (f < 0) {
                        config.put("format", "fp32");
                        loss = chinchillaLoss(n, d);
                    } else {
                        config.put("format", "e" + FORMATS[f][0] + "m" + FORMATS[f][1]).put("E", FORMATS[f][0])
                                .put("M", FORMATS[f][1]).put("B", B);
                        loss = sunLoss(n, d, FORMATS[f][0], FORMATS[f][1], B);
                    }
                    metrics.put("N", n).put("D", d).put("loss", loss * Math.exp(0.001 * rng.nextGaussian()));
                    store.add(Record.create("synthetic", config, metrics,
                            Provenance.here("synthetic data", t, t.plusSeconds(1))));
                }
            }
        }
        return store;
    }

    static final String CONFIG = """
            name: synthetic-fp-law
            sweep:
              kind: qerror
              axes:
                n: [1e7, 3e7, 1e8]
                d: [1e10, 1e11, 1e12]
                format: [fp32, e4m3, e3m2, e2m1, e5m2, e2m3, e3m4]
            fits:
              - law: sun
                bootstrap: 20
                columns: {N: metrics.N, D: metrics.D, E: config.E, M: config.M, B: config.B, loss: metrics.loss}
                where_not: {config.format: fp32}
              - law: chinchilla
                bootstrap: 20
                columns: {N: metrics.N, D: metrics.D, loss: metrics.loss}
                where: {config.format: fp32}
            derive:
              bits: [4, 8, 16]
              critical_data_n: [1e8, 1e9]
            compare:
              - {by: format, baseline: fp32, pair_on: d, metric: metrics.loss}
            seed: 3
            """;

    private SyntheticResults() {
    }
}
