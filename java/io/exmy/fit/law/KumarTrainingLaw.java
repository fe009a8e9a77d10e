package io.exmy.fit.law;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kumar et al. 2024 (arXiv 2411.04330), the precision-aware training law (Eq. 1): Chinchilla with
 * an effective parameter count, L = A/N_eff^α + B/D^β + E, N_eff as fitted in App. K
 * ({@link KumarEffectiveParameters}: offsets n_x in each factor). The App. K fit ties β to α; a fit
 * keeps the tie unless told {@code --untie beta} ({@link #ties()}). Fitted in log-sum-exp form with
 * log N_eff in place of log N.
 */
public final class KumarTrainingLaw extends DeclaredLaw implements PrecisionTrainingLaw {
    public static final String ID = "kumar";
    /** Index of the first N_eff constant (γ_w) in {@link #parameters()}. */
    static final int NEFF = 5;

    static final List<Parameter> HEAD = List.of(
            Parameter.logScale("A", "model-size coefficient", -10, 60, 2, 6, 10, 14),
            Parameter.linear("alpha", "model-size exponent", 0, 5, 0.25, 0.5, 1),
            Parameter.logScale("B", "data coefficient", -10, 60, 2, 6, 10, 14),
            Parameter.linear("beta", "data exponent", 0, 5, 0.25, 0.5, 1),
            Parameter.logScale("E", "irreducible loss", -20, 5, 0, 1));

    private static final List<Parameter> PARAMETERS = concat(HEAD, KumarEffectiveParameters.PARAMETERS);

    static final List<LawColumn> COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "non-embedding parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"),
            new LawColumn("P_w", Domain.POSITIVE, "weight bits during training"),
            new LawColumn("P_a", Domain.POSITIVE, "activation bits during training"),
            new LawColumn("P_kv", Domain.POSITIVE, "KV-cache bits during training"));

    /**
     * App. K, Table 2, as ../shared/papers/LAWS.md §2 reads it: A = 4.299e3, α = β = 0.4965 (tied),
     * B = 1.806e4, E = 2.7648, γ_w = 2.6745, γ_a = 2.2102, γ_kv = 0.9578, n_w = 0.3037,
     * n_a = 1.4072, n_kv = 2.4185. Order of {@link #parameters()}.
     */
    static final double[] KUMAR2024 = {4299, 0.4965, 18060, 0.4965, 2.7648, 2.6745, 2.2102, 0.9578, 0.3037, 1.4072, 2.4185};

    static List<Parameter> concat(List<Parameter> a, List<Parameter> b) {
        List<Parameter> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static final String FORMULA = "L = A/N_eff^alpha + B/D^beta + E,  N_eff = N (1-e^(n_w-P_w/gamma_w)) (1-e^(n_a-P_a/gamma_a)) (1-e^(n_kv-P_kv/gamma_kv))";

    public KumarTrainingLaw() {
        super(ID, FORMULA, "loss", PARAMETERS, COLUMNS);
    }

    @Override
    public double[] features(double[] c) {
        return new double[] {Math.log(c[0]), Math.log(c[1]), c[2], c[3], c[4]};
    }

    @Override
    public RowModel bind(double[] t) {
        double a = t[0], alpha = t[1], b = t[2], beta = t[3], e = t[4];
        return f -> {
            double lnNeff = KumarEffectiveParameters.logNeff(t, NEFF, f[0], f[2], f[3], f[4]);
            return LogSumExp.of(a - alpha * lnNeff, b - beta * f[1], e);
        };
    }

    /** N_eff for natural-scale constants of this law. */
    public static double effectiveParameters(double[] natural, double n, double pw, double pa, double pkv) {
        return KumarEffectiveParameters.value(natural, NEFF, n, pw, pa, pkv);
    }

    @Override
    public Map<String, double[]> presets() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("kumar2024", KUMAR2024.clone());
        return m;
    }

    /** App. K fits one exponent for N_eff and D. */
    @Override
    public Map<String, String> ties() {
        return Map.of("beta", "alpha");
    }

    @Override
    public double[] columnsAt(double n, double d, double bits) {
        return new double[] {n, d, bits, bits, bits};
    }

    @Override
    public double precisionFloor(double[] constants) {
        return KumarEffectiveParameters.floor(constants, NEFF);
    }
}
