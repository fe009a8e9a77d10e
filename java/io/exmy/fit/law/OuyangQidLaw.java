package io.exmy.fit.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ouyang et al. 2024 (arXiv 2411.17691), quantization-induced degradation of a trained model
 * quantized to P bits: Delta L = k D^beta / (N^alpha P^gamma). Log-linear in its constants, so
 * the Huber fit is a robust linear regression of log Delta L.
 */
public final class OuyangQidLaw extends DeclaredLaw {
    public static final String ID = "ouyang";

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.logScale("k", "scale", -30, 20, -8, -4, 0),
            Parameter.linear("beta", "training-token exponent", -2, 5, 0.25, 0.5, 1),
            Parameter.linear("alpha", "model-size exponent", -2, 5, 0.1, 0.3, 0.6),
            Parameter.linear("gamma", "bit-width exponent", -5, 30, 1, 3, 6));

    private static final List<LawColumn> COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "non-embedding parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"),
            new LawColumn("bits", Domain.POSITIVE, "bit width P of the quantized weights"));

    private static final String FORMULA = "delta_loss = k D^beta / (N^alpha P^gamma)";

    public OuyangQidLaw() {
        super(ID, FORMULA, "delta_loss", PARAMETERS, COLUMNS);
    }

    @Override
    public double[] features(double[] c) {
        return new double[] {Math.log(c[0]), Math.log(c[1]), Math.log(c[2])};
    }

    @Override
    public RowModel bind(double[] t) {
        double lnK = t[0], beta = t[1], alpha = t[2], gamma = t[3];
        return f -> lnK + beta * f[1] - alpha * f[0] - gamma * f[2];
    }

    @Override
    public Map<String, double[]> presets() {
        Map<String, double[]> m = new LinkedHashMap<>();
        // The paper's unified fit over all bit widths.
        m.put("ouyang2024", new double[] {0.017, 0.5251, 0.2261, 5.4967});
        return m;
    }
}
