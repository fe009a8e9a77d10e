package io.exmy.fit.law;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kumar et al. 2024, the unified law (Eq. 8/9): a model trained with its weights, activations and
 * KV cache at P_w, P_a, P_kv bits and then quantized after training to P_post bits has
 * L = A/N_eff^α + B/D^β + E + δ_PTQ with
 * δ_PTQ = C_T e^(−P_post/γ_post) (D^γ_D / N_eff^γ_N) ∏_x [1 − e^(−C_x (P_x − P_post))], x = w, a, kv,
 * and N_eff as in {@link KumarTrainingLaw} (App. K's offsets). A factor with P_x = P_post is 0, so
 * δ_PTQ = 0 when the model is kept at its training precision (LAWS.md: "defined as 0 when the
 * training precision equals the post-training precision"); for P_post above a training precision
 * the factor would turn negative, and it is taken as 0 too (quantizing to more bits than a tensor
 * was trained in loses nothing). The data must hold N, D, the three training precisions, the
 * post-training precision and the loss after it.
 *
 * <p>The published constants are App. K's, with β = α tied as there; App. K gives no C_w, C_a,
 * C_kv, so the preset leaves them unset (NaN) and predictions need them given ({@code --const}).
 */
public final class KumarUnifiedLaw extends DeclaredLaw implements PrecisionTrainingLaw {
    public static final String ID = "kumar-unified";
    public static final int NEFF = KumarTrainingLaw.NEFF, PTQ = NEFF + KumarEffectiveParameters.COUNT, C_X = PTQ + 4;

    /**
     * The training law's and the PTQ law's constants and C_w, C_a, C_kv, with grids thinned to 64
     * starts: the training law's own grids would make 6,144 × 81 of them. The local optimizer moves
     * the offsets (from 0, Eq. 1) and the C_x (from 1) as it moves the others.
     */
    private static final List<Parameter> PARAMETERS = thinnedParameters();

    private static List<Parameter> thinnedParameters() {
        List<Parameter> p = new ArrayList<>();
        List<Parameter> head = KumarTrainingLaw.HEAD;
        p.add(head.get(0).withFitGrid(6, 10));
        p.add(head.get(1).withFitGrid(0.5));
        p.add(head.get(2).withFitGrid(6, 10));
        p.add(head.get(3).withFitGrid(0.5));
        p.add(head.get(4).withFitGrid(0, 1));
        for (Parameter q : KumarEffectiveParameters.PARAMETERS) {
            p.add(q.withFitGrid(q.positive() ? Math.log(2) : 0));
        }
        List<Parameter> ptq = KumarPtqLaw.PARAMETERS;
        p.add(ptq.get(0).withFitGrid(-3, 0));
        p.add(ptq.get(1).withFitGrid(0.5));
        p.add(ptq.get(2).withFitGrid(0.5));
        p.add(ptq.get(3).withFitGrid(Math.log(0.5), 0));
        for (String x : new String[] {"w", "a", "kv"}) {
            p.add(Parameter.logScale("C_" + x, "PTQ sensitivity to the gap below the " + x + " training precision (1/bits)",
                    Math.log(1e-3), Math.log(1e3), 0));
        }
        return List.copyOf(p);
    }

    private static final List<LawColumn> COLUMNS;

    static {
        List<LawColumn> c = new ArrayList<>(KumarTrainingLaw.COLUMNS);
        c.add(new LawColumn("P_post", Domain.POSITIVE, "bits after post-training quantization (= training bits: none)"));
        COLUMNS = List.copyOf(c);
    }

    private static final String FORMULA = "L = A/N_eff^alpha + B/D^beta + E + C_T e^(-P_post/gamma_post) D^gamma_D / N_eff^gamma_N "
            + "prod_x (1-e^(-C_x (P_x-P_post))),  N_eff as in kumar";

    public KumarUnifiedLaw() {
        super(ID, FORMULA, "loss", PARAMETERS, COLUMNS);
    }

    @Override
    public double[] features(double[] c) {
        return new double[] {Math.log(c[0]), Math.log(c[1]), c[2], c[3], c[4], c[5]};
    }

    @Override
    public RowModel bind(double[] t) {
        double a = t[0], alpha = t[1], b = t[2], beta = t[3], e = t[4];
        double lnCt = t[PTQ], gD = t[PTQ + 1], gN = t[PTQ + 2], gPost = Math.exp(t[PTQ + 3]);
        double cw = Math.exp(t[C_X]), ca = Math.exp(t[C_X + 1]), ckv = Math.exp(t[C_X + 2]);
        return f -> {
            double lnNeff = KumarEffectiveParameters.logNeff(t, NEFF, f[0], f[2], f[3], f[4]);
            double post = f[5];
            double ptq = lnCt - post / gPost + gD * f[1] - gN * lnNeff
                    + logGap(cw, f[2] - post) + logGap(ca, f[3] - post) + logGap(ckv, f[4] - post);
            return LogSumExp.of(a - alpha * lnNeff, b - beta * f[1], e, ptq);
        };
    }

    /** log(1 − e^(−C gap)); −∞ (a zero factor, no degradation) when the gap is not positive. */
    private static double logGap(double c, double gap) {
        return gap > 0 ? KumarEffectiveParameters.log1mExpNeg(c * gap) : Double.NEGATIVE_INFINITY;
    }

    /** App. K's training and PTQ constants; C_w, C_a, C_kv are not published (NaN). */
    @Override
    public Map<String, double[]> presets() {
        double[] p = new double[PARAMETERS.size()];
        System.arraycopy(KumarTrainingLaw.KUMAR2024, 0, p, 0, PTQ);
        System.arraycopy(KumarPtqLaw.KUMAR2024, 0, p, PTQ, 4);
        Arrays.fill(p, C_X, p.length, Double.NaN);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("kumar2024", p);
        return m;
    }

    @Override
    public Map<String, String> ties() {
        return Map.of("beta", "alpha");
    }

    @Override
    public double[] columnsAt(double n, double d, double bits) {
        return new double[] {n, d, bits, bits, bits, bits};
    }

    @Override
    public double precisionFloor(double[] constants) {
        return KumarEffectiveParameters.floor(constants, NEFF);
    }
}
