package io.exmy.fit.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kumar et al. 2024, the loss increase from post-training quantization of a model trained in BF16
 * (Eq. 2): δ_PTQ = C_T (D^γ_D / N^γ_N) e^(−P_post/γ_post), fitted to {@code delta_loss}. It is a
 * single term, linear in the fit-space constants (log C_T, γ_D, γ_N) apart from γ_post.
 */
public final class KumarPtqLaw extends DeclaredLaw {
    public static final String ID = "kumar-ptq";

    static final List<Parameter> PARAMETERS = List.of(
            Parameter.logScale("C_T", "scale", -30, 20, -6, -3, 0),
            Parameter.linear("gamma_D", "training-token exponent", -2, 5, 0.25, 0.5, 1),
            Parameter.linear("gamma_N", "model-size exponent", -2, 5, 0.25, 0.5, 1),
            Parameter.logScale("gamma_post", "post-training bit scale", Math.log(0.01), Math.log(100),
                    Math.log(0.5), 0, Math.log(2)));

    private static final List<LawColumn> COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "non-embedding parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"),
            new LawColumn("P_post", Domain.POSITIVE, "bits after post-training quantization"));

    /**
     * App. K, Table 2 (LAWS.md §2): C_T = 0.0598, γ_D = 0.5068, γ_N = 0.3439, and the row that
     * reads "γ 0.5907" with its subscript lost, taken as γ_post (LAWS.md: "presumably").
     */
    static final double[] KUMAR2024 = {0.0598, 0.5068, 0.3439, 0.5907};

    private static final String FORMULA = "delta_PTQ = C_T (D^gamma_D / N^gamma_N) e^(-P_post/gamma_post)";

    public KumarPtqLaw() {
        super(ID, FORMULA, "delta_loss", PARAMETERS, COLUMNS);
    }

    @Override
    public double[] features(double[] c) {
        return new double[] {Math.log(c[0]), Math.log(c[1]), c[2]};
    }

    @Override
    public RowModel bind(double[] t) {
        double lnC = t[0], gD = t[1], gN = t[2], gPost = Math.exp(t[3]);
        return f -> lnC + gD * f[1] - gN * f[0] - f[2] / gPost;
    }

    @Override
    public Map<String, double[]> presets() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("kumar2024", KUMAR2024.clone());
        return m;
    }
}
