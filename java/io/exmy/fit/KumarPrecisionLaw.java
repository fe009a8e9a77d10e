package io.exmy.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kumar et al. 2024 (arXiv 2411.04330), "Scaling Laws for Precision". Two forms share this class:
 * <ul>
 *   <li>{@link Mode#TRAINING}: Chinchilla with an effective parameter count,
 *       L = A/N_eff^alpha + B/D^beta + E, N_eff = N (1-e^(-P_w/gamma_w)) (1-e^(-P_a/gamma_a)) (1-e^(-P_kv/gamma_kv));</li>
 *   <li>{@link Mode#PTQ}: the post-training quantization degradation,
 *       delta_PTQ = C_T (D^gamma_D / N^gamma_N) e^(-P_post/gamma_post), fitted to {@code delta_loss}.</li>
 * </ul>
 * The gammas are positive scales and are fitted in log space.
 */
public final class KumarPrecisionLaw implements Law {
    public static final String ID = "kumar";
    public static final String PTQ_ID = "kumar-ptq";

    public enum Mode { TRAINING, PTQ }

    private static final List<Parameter> TRAINING_PARAMETERS = List.of(
            Parameter.logScale("A", "model-size coefficient", -10, 60, 2, 6, 10, 14),
            Parameter.linear("alpha", "model-size exponent", 0, 5, 0.25, 0.5, 1),
            Parameter.logScale("B", "data coefficient", -10, 60, 2, 6, 10, 14),
            Parameter.linear("beta", "data exponent", 0, 5, 0.25, 0.5, 1),
            Parameter.logScale("E", "irreducible loss", -20, 5, 0, 1),
            Parameter.logScale("gamma_w", "weight-precision scale (bits)", Math.log(0.01), Math.log(100), 0, Math.log(3)),
            Parameter.logScale("gamma_a", "activation-precision scale (bits)", Math.log(0.01), Math.log(100), 0, Math.log(3)),
            Parameter.logScale("gamma_kv", "KV-cache-precision scale (bits)", Math.log(0.01), Math.log(100), 0, Math.log(3)));

    private static final List<LawColumn> TRAINING_COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "non-embedding parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"),
            new LawColumn("P_w", Domain.POSITIVE, "weight bits during training"),
            new LawColumn("P_a", Domain.POSITIVE, "activation bits during training"),
            new LawColumn("P_kv", Domain.POSITIVE, "KV-cache bits during training"));

    private static final List<Parameter> PTQ_PARAMETERS = List.of(
            Parameter.logScale("C_T", "scale", -30, 20, -6, -3, 0),
            Parameter.linear("gamma_D", "training-token exponent", -2, 5, 0.25, 0.5, 1),
            Parameter.linear("gamma_N", "model-size exponent", -2, 5, 0.25, 0.5, 1),
            Parameter.logScale("gamma_post", "post-training bit scale", Math.log(0.01), Math.log(100),
                    Math.log(0.5), 0, Math.log(2)));

    private static final List<LawColumn> PTQ_COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "non-embedding parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"),
            new LawColumn("P_post", Domain.POSITIVE, "bits after post-training quantization"));

    private final Mode mode;

    public KumarPrecisionLaw(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String id() {
        return mode == Mode.TRAINING ? ID : PTQ_ID;
    }

    @Override
    public String formula() {
        return mode == Mode.TRAINING
                ? "L = A/N_eff^alpha + B/D^beta + E,  N_eff = N (1-e^(-P_w/gamma_w)) (1-e^(-P_a/gamma_a)) (1-e^(-P_kv/gamma_kv))"
                : "delta_PTQ = C_T (D^gamma_D / N^gamma_N) e^(-P_post/gamma_post)";
    }

    @Override
    public String target() {
        return mode == Mode.TRAINING ? "loss" : "delta_loss";
    }

    @Override
    public List<Parameter> parameters() {
        return mode == Mode.TRAINING ? TRAINING_PARAMETERS : PTQ_PARAMETERS;
    }

    @Override
    public List<LawColumn> columns() {
        return mode == Mode.TRAINING ? TRAINING_COLUMNS : PTQ_COLUMNS;
    }

    @Override
    public double[] features(double[] c) {
        if (mode == Mode.TRAINING) {
            return new double[] {Math.log(c[0]), Math.log(c[1]), c[2], c[3], c[4]};
        }
        return new double[] {Math.log(c[0]), Math.log(c[1]), c[2]};
    }

    @Override
    public RowModel bind(double[] t) {
        if (mode == Mode.TRAINING) {
            double a = t[0], alpha = t[1], b = t[2], beta = t[3], e = t[4];
            double gw = Math.exp(t[5]), ga = Math.exp(t[6]), gkv = Math.exp(t[7]);
            return f -> {
                double lnNeff = f[0] + log1mExpNeg(f[2] / gw) + log1mExpNeg(f[3] / ga) + log1mExpNeg(f[4] / gkv);
                return LogSumExp.of(a - alpha * lnNeff, b - beta * f[1], e);
            };
        }
        double lnC = t[0], gD = t[1], gN = t[2], gPost = Math.exp(t[3]);
        return f -> lnC + gD * f[1] - gN * f[0] - f[2] / gPost;
    }

    /** log(1 - e^-x), accurate both for small x (where 1 - e^-x underflows) and large x. */
    static double log1mExpNeg(double x) {
        return x < Math.log(2) ? Math.log(-Math.expm1(-x)) : Math.log1p(-Math.exp(-x));
    }

    /** Effective parameter count N_eff for the given training precisions. */
    public static double effectiveParameters(double[] natural, double n, double pw, double pa, double pkv) {
        return n * -Math.expm1(-pw / natural[5]) * -Math.expm1(-pa / natural[6]) * -Math.expm1(-pkv / natural[7]);
    }

    @Override
    public Map<String, double[]> presets() {
        // Values as recalled from the paper's table of fitted constants; see docs/FITTING.md for the caveat.
        Map<String, double[]> m = new LinkedHashMap<>();
        if (mode == Mode.TRAINING) {
            m.put("kumar2024", new double[] {4299, 0.4965, 18060, 0.5227, 2.7648, 2.6745, 2.2102, 0.9578});
        } else {
            m.put("kumar2024", new double[] {0.0598, 0.5068, 0.3439, 0.5907});
        }
        return m;
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mode", mode.name().toLowerCase(Locale.ROOT));
        return o;
    }
}
