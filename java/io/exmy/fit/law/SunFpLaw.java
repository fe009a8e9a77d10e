package io.exmy.fit.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sun et al. 2025 (arXiv 2501.02423), the floating-point quantization training law:
 * L = n/N^alpha + d/D^beta + eps + (D^beta/N^alpha) log2(B) / (gamma (E+0.5)^delta (M+0.5)^nu),
 * with E and M the exponent and mantissa bits of the format and B the scaling block size.
 * All four terms are exp(linear in the fit-space constants and the log inputs), so it is fitted
 * in log-sum-exp form like Chinchilla.
 */
public final class SunFpLaw extends DeclaredLaw {
    public static final String ID = "sun";
    /** log2 of the effective block size the paper assigns to channel-wise scaling. */
    public static final double CHANNEL_LOG2_B = 13.1567;
    public static final double CHANNEL_B = Math.pow(2, CHANNEL_LOG2_B);

    public static final int N = 0, ALPHA = 1, D = 2, BETA = 3, EPS = 4, GAMMA = 5, DELTA = 6, NU = 7;

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.logScale("n", "model-size coefficient", -10, 40, 1, 4, 7),
            Parameter.linear("alpha", "model-size exponent", 0, 3, 0.2, 0.5),
            Parameter.logScale("d", "data coefficient", -10, 50, 4, 8, 12),
            Parameter.linear("beta", "data exponent", 0, 3, 0.3, 0.6),
            Parameter.logScale("eps", "irreducible loss", -20, 5, 0, 0.75),
            Parameter.logScale("gamma", "quantization-term scale", -20, 60, 4, 8, 12),
            Parameter.linear("delta", "exponent-bits exponent", 0, 20, 1, 3),
            Parameter.linear("nu", "mantissa-bits exponent", 0, 20, 1, 3));

    private static final List<LawColumn> COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "non-embedding parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"),
            new LawColumn("E", Domain.NON_NEGATIVE, "exponent bits"),
            new LawColumn("M", Domain.NON_NEGATIVE, "mantissa bits"),
            new LawColumn("B", Domain.ABOVE_ONE, "scaling block size (channel-wise: 2^13.1567)"));

    private static final String FORMULA = "L = n/N^alpha + d/D^beta + eps + (D^beta/N^alpha) * log2(B) / (gamma (E+0.5)^delta (M+0.5)^nu)";

    public SunFpLaw() {
        super(ID, FORMULA, "loss", PARAMETERS, COLUMNS);
    }

    @Override
    public double[] features(double[] c) {
        double log2B = Math.log(c[4]) / Math.log(2);
        return new double[] {Math.log(c[0]), Math.log(c[1]), Math.log(log2B),
                Math.log(c[2] + 0.5), Math.log(c[3] + 0.5)};
    }

    @Override
    public RowModel bind(double[] t) {
        double lnN = t[N], alpha = t[ALPHA], lnD = t[D], beta = t[BETA], lnEps = t[EPS],
                lnGamma = t[GAMMA], delta = t[DELTA], nu = t[NU];
        return f -> LogSumExp.of(
                lnN - alpha * f[0],
                lnD - beta * f[1],
                lnEps,
                beta * f[1] - alpha * f[0] + f[2] - lnGamma - delta * f[3] - nu * f[4]);
    }

    @Override
    public Map<String, double[]> presets() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("sun2025", new double[] {69.2343, 0.2368, 68973.0621, 0.5162, 1.9061, 11334.5197, 3.1926, 2.9543});
        return m;
    }
}
