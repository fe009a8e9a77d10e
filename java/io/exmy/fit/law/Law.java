package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parametric scaling law. Implementations describe their constants (with fit-space
 * parameterisation, bounds and grid of initialisations), the data columns they read, and how
 * to predict; the fitters only ever see fit-space vectors and precomputed feature rows.
 */
public interface Law {

    /** Short identifier used on the command line and in saved fits, e.g. {@code chinchilla}. */
    String id();

    /** Human-readable formula in the paper's notation. */
    String formula();

    /** Name of the column the law predicts (the fit target). */
    default String target() {
        return "loss";
    }

    List<Parameter> parameters();

    List<LawColumn> columns();

    /**
     * Per-row features computed once per data set (typically logarithms of the inputs), so the
     * objective, evaluated tens of thousands of times, does only the parameter-dependent work.
     *
     * @param columns values in the order of {@link #columns()}
     */
    double[] features(double[] columns);

    /** Binds fit-space constants; the returned model must be safe to use from one thread. */
    RowModel bind(double[] theta);

    /** Published constants by preset name, natural scale, in the order of {@link #parameters()}. First is the default. */
    Map<String, double[]> presets();

    /**
     * Constants the published fit tied to others (tied constant to the constant it equals), which
     * {@code exmy fit} keeps tied unless told {@code --untie NAME}; see {@link TiedLaw}.
     */
    default Map<String, String> ties() {
        return Map.of();
    }

    /**
     * The law for a data set, for laws whose constants depend on the data (one efficiency per
     * level of a categorical column); the others are the same law whatever the data.
     */
    default Law forData(Dataset data) {
        return this;
    }

    /** Everything besides the id needed to rebuild this law from a saved fit (e.g. an expression). */
    default Map<String, Object> options() {
        return new LinkedHashMap<>();
    }

    default int parameterCount() {
        return parameters().size();
    }

    default List<String> parameterNames() {
        return parameters().stream().map(Parameter::name).toList();
    }

    default List<String> columnNames() {
        return columns().stream().map(LawColumn::name).toList();
    }

    default double[] toFit(double[] natural) {
        List<Parameter> ps = parameters();
        double[] theta = new double[natural.length];
        for (int i = 0; i < natural.length; i++) {
            theta[i] = ps.get(i).toFit(natural[i]);
        }
        return theta;
    }

    default double[] toNatural(double[] theta) {
        List<Parameter> ps = parameters();
        double[] p = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            p[i] = ps.get(i).toNatural(theta[i]);
        }
        return p;
    }

    /** Prediction (not its log) for natural-scale constants and raw column values. */
    default double predict(double[] natural, double[] columns) {
        return Math.exp(bind(toFit(natural)).logPredict(features(columns)));
    }

    default String defaultPreset() {
        return presets().keySet().stream().findFirst()
                .orElseThrow(() -> new FitException("law " + id() + " has no published constants; fit it first"));
    }

    default double[] preset(String name) {
        double[] p = presets().get(name);
        if (p == null) {
            throw new FitException("law " + id() + " has no preset '" + name + "'; available: " + presets().keySet());
        }
        return p.clone();
    }
}
