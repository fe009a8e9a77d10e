package io.exmy.sweep.qerror;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import io.exmy.results.Json;
import io.exmy.sweep.ConfigFields;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunContext;
import io.exmy.sweep.RunKind;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code qerror}: the quantization error of a format on synthetic data. Cheap (milliseconds for
 * the default 10^5 elements) and real, so sweeps can be exercised end to end before the training
 * harness exists.
 *
 * <p>Settings: {@code format} (required; a preset or eXmY spec), {@code rounding} (rne|rtz|sr,
 * default rne), {@code saturate} (default true: overflow clips to the largest finite value),
 * {@code elements} (default 100000), {@code distribution} (normal|laplace|uniform, default
 * normal; all have mean 0 and standard deviation {@code scale}), {@code scale} (default 1),
 * {@code seed} (data and stochastic rounding, default 0), {@code sleep_s} (extra seconds to take,
 * default 0: makes a slow run on purpose, to test cancellation and kills).
 *
 * <p>Metrics: {@code sqnr_db} = 10 log10(Σx² / Σ(q−x)²), {@code rel_rmse} = sqrt(Σ(q−x)² / Σx²),
 * {@code mean_err} = mean(q−x), {@code max_abs_err}, {@code clipped_fraction} = share of |x| above
 * the format's largest finite value, all computed in double from the float32 data. An exact cast
 * gives {@code sqnr_db} null (infinite).
 */
public final class QuantErrorKind implements RunKind {
    public static final String NAME = "qerror";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "quantization error of a format on synthetic normal/laplace/uniform data";
    }

    @Override
    public ObjectNode normalize(ObjectNode config) {
        ConfigFields f = new ConfigFields(NAME, config);
        f.string("format", null, s -> Format.parse(s).toString());
        f.string("rounding", "rne", s -> Rounding.parse(s).label);
        f.bool("saturate", true);
        f.integer("elements", 100_000L, 1, 1L << 28);
        f.choice("distribution", "normal", List.of("normal", "laplace", "uniform"));
        f.positive("scale", 1.0);
        f.integer("seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        f.number("sleep_s", 0.0, 0, 86_400);
        return f.done();
    }

    @Override
    public ObjectNode run(RunConfig c, RunContext ctx) throws Exception {
        Format format = Format.parse(c.string("format"));
        Rounding rounding = Rounding.parse(c.string("rounding"));
        int n = Math.toIntExact(c.integer("elements"));
        long seed = c.integer("seed");
        float[] x = sample(c.string("distribution"), c.number("scale"), n, seed);
        CastSpec spec = new CastSpec(format, rounding, c.bool("saturate"), false, seed);

        ProgressReporter progress = ctx.progress();
        long sleepMs = Math.round(c.number("sleep_s") * 1000);
        progress.total(sleepMs > 0 ? 2 : 1, "steps");
        float[] q;
        try (Backend b = Backends.open("auto")) {
            ctx.device(b.name() + ": " + b.device());
            q = b.cast(x, spec);
        }
        progress.done(1);
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
            progress.done(2);
        }
        return metrics(x, q, format.maxValue());
    }

    static float[] sample(String distribution, double scale, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = switch (distribution) {
                case "normal" -> rng.nextGaussian();
                case "laplace" -> {
                    // inverse CDF with b = 1/sqrt(2), so that the standard deviation is 1
                    double u = rng.nextDouble() - 0.5;
                    while (u == -0.5) { // log(0): redraw the one value the open interval excludes
                        u = rng.nextDouble() - 0.5;
                    }
                    yield -Math.signum(u) * Math.log(1 - 2 * Math.abs(u)) / Math.sqrt(2);
                }
                case "uniform" -> (2 * rng.nextDouble() - 1) * Math.sqrt(3);
                default -> throw new IllegalArgumentException("unknown distribution " + distribution);
            };
            x[i] = (float) (scale * v);
        }
        return x;
    }

    static ObjectNode metrics(float[] x, float[] q, double maxValue) {
        double se = 0;
        double ss = 0;
        double bias = 0;
        double maxErr = 0;
        long clipped = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) q[i] - x[i];
            se += d * d;
            ss += (double) x[i] * x[i];
            bias += d;
            maxErr = Math.max(maxErr, Math.abs(d));
            if (Math.abs(x[i]) > maxValue) {
                clipped++;
            }
        }
        ObjectNode m = Json.object();
        m.put("sqnr_db", 10 * Math.log10(ss / se));
        m.put("rel_rmse", Math.sqrt(se / ss));
        m.put("mean_err", bias / x.length);
        m.put("max_abs_err", maxErr);
        m.put("clipped_fraction", (double) clipped / x.length);
        return m;
    }
}
