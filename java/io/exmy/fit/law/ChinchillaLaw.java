package io.exmy.fit.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hoffmann et al. 2022: L = E + A/N^alpha + B/D^beta, fitted in their log-sum-exp form
 * log L = LSE(a - alpha log N, b - beta log D, e) with A = e^a, B = e^b, E = e^e.
 */
public final class ChinchillaLaw extends DeclaredLaw {
    public static final String ID = "chinchilla";

    /** Hoffmann et al.'s grid: e in {-1..1 by .5}, a,b in {0..25 by 5}, alpha,beta in {0..2 by .5}: 4,500 starts. */
    static final List<Parameter> PARAMETERS = List.of(
            Parameter.logScale("E", "irreducible loss", -20, 5, -1, -0.5, 0, 0.5, 1),
            Parameter.logScale("A", "model-size coefficient", -10, 60, 0, 5, 10, 15, 20, 25),
            Parameter.logScale("B", "data coefficient", -10, 60, 0, 5, 10, 15, 20, 25),
            Parameter.linear("alpha", "model-size exponent", 0, 5, 0, 0.5, 1, 1.5, 2),
            Parameter.linear("beta", "data exponent", 0, 5, 0, 0.5, 1, 1.5, 2));

    private static final List<LawColumn> COLUMNS = List.of(
            new LawColumn("N", Domain.POSITIVE, "parameters"),
            new LawColumn("D", Domain.POSITIVE, "training tokens"));

    private static final String FORMULA = "L = E + A/N^alpha + B/D^beta";

    public ChinchillaLaw() {
        super(ID, FORMULA, "loss", PARAMETERS, COLUMNS);
    }

    @Override
    public double[] features(double[] c) {
        return new double[] {Math.log(c[0]), Math.log(c[1])};
    }

    @Override
    public RowModel bind(double[] t) {
        double e = t[0], a = t[1], b = t[2], alpha = t[3], beta = t[4];
        return f -> LogSumExp.of(a - alpha * f[0], b - beta * f[1], e);
    }

    @Override
    public Map<String, double[]> presets() {
        Map<String, double[]> m = new LinkedHashMap<>();
        // Besiroglu et al. 2024 (arXiv 2404.10102), refit of Hoffmann et al.'s approach 3 data.
        m.put("besiroglu2024", new double[] {1.8172, 482.01, 2085.43, 0.3478, 0.3658});
        // Hoffmann et al. 2022 (arXiv 2203.15556), approach 3 as published.
        m.put("hoffmann2022", new double[] {1.69, 406.4, 410.7, 0.34, 0.28});
        return m;
    }
}
