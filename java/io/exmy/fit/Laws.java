package io.exmy.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The built-in laws by id, and reconstruction of any law (user-written ones included) from a saved fit. */
public final class Laws {
    public static final List<String> IDS = List.of(ChinchillaLaw.ID, SunFpLaw.ID, KumarPrecisionLaw.ID,
            KumarPrecisionLaw.PTQ_ID, OuyangQidLaw.ID, ExpressionLaw.ID);

    private Laws() {
    }

    /** A built-in law; {@code expr} needs an expression and is built with {@link ExpressionLaw#forColumns}. */
    public static Law builtIn(String id) {
        return switch (id.toLowerCase(Locale.ROOT)) {
            case ChinchillaLaw.ID -> new ChinchillaLaw();
            case SunFpLaw.ID -> new SunFpLaw();
            case KumarPrecisionLaw.ID -> new KumarPrecisionLaw(KumarPrecisionLaw.Mode.TRAINING);
            case KumarPrecisionLaw.PTQ_ID -> new KumarPrecisionLaw(KumarPrecisionLaw.Mode.PTQ);
            case OuyangQidLaw.ID -> new OuyangQidLaw();
            case ExpressionLaw.ID -> throw new FitException("law expr needs an expression: --expr 'E + A/N^alpha'");
            default -> throw new FitException("unknown law '" + id + "'; known: " + IDS);
        };
    }

    /** Rebuilds the law of a saved fit from its id and options. */
    @SuppressWarnings("unchecked")
    public static Law fromSaved(String id, Map<String, Object> options) {
        if (options.get(PinnedLaw.OPTION) instanceof Map<?, ?> held) {
            Map<String, Object> rest = new LinkedHashMap<>(options);
            rest.remove(PinnedLaw.OPTION);
            Map<String, Double> pinned = new LinkedHashMap<>();
            held.forEach((k, v) -> {
                if (!(v instanceof Number n)) {
                    throw new FitException("saved fit holds '" + k + "' fixed at a value that is not a number: " + v);
                }
                pinned.put(String.valueOf(k), n.doubleValue());
            });
            return new PinnedLaw(fromSaved(id, rest), pinned);
        }
        if (!ExpressionLaw.ID.equals(id)) {
            return builtIn(id);
        }
        try {
            String expr = (String) options.get("expression");
            String target = (String) options.get("target");
            List<String> cols = (List<String>) options.get("columns");
            List<String> params = (List<String>) options.get("parameters");
            List<String> positive = (List<String>) options.getOrDefault("positive", List.of());
            Map<String, double[]> grids = new LinkedHashMap<>();
            Map<String, List<Number>> g = (Map<String, List<Number>>) options.getOrDefault("grids", Map.of());
            g.forEach((k, v) -> grids.put(k, v.stream().mapToDouble(Number::doubleValue).toArray()));
            if (expr == null || target == null || cols == null || params == null) {
                throw new FitException("saved expr fit lacks expression, target, columns or parameters");
            }
            return new ExpressionLaw(expr, target, new ArrayList<>(cols), new ArrayList<>(params), positive, grids);
        } catch (ClassCastException e) {
            throw new FitException("saved expr fit has malformed options: " + e.getMessage());
        }
    }
}
