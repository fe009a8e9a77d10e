package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The built-in laws by id, and reconstruction of any law (user-written ones included) from a saved fit. */
public final class Laws {
    public static final List<String> IDS = List.of(ChinchillaLaw.ID, SunFpLaw.ID, KumarTrainingLaw.ID,
            KumarPtqLaw.ID, KumarUnifiedLaw.ID, OuyangQidLaw.ID, RecipeEfficiencyLaw.ID, ExpressionLaw.ID);

    private Laws() {
    }

    /** A built-in law; {@code expr} needs an expression and is built with {@link ExpressionLaw#forColumns}. */
    public static Law builtIn(String id) {
        return switch (id.toLowerCase(Locale.ROOT)) {
            case ChinchillaLaw.ID -> new ChinchillaLaw();
            case SunFpLaw.ID -> new SunFpLaw();
            case KumarTrainingLaw.ID -> new KumarTrainingLaw();
            case KumarPtqLaw.ID -> new KumarPtqLaw();
            case KumarUnifiedLaw.ID -> new KumarUnifiedLaw();
            case OuyangQidLaw.ID -> new OuyangQidLaw();
            case RecipeEfficiencyLaw.ID -> new RecipeEfficiencyLaw(List.of()); // its recipes come with the data (forData)
            case ExpressionLaw.ID -> throw new FitException("law expr needs an expression: --expr 'E + A/N^alpha'");
            default -> throw new FitException("unknown law '" + id + "'; known: " + IDS);
        };
    }

    /** The law a constrained law (held or tied constants, any nesting) is built on; the law itself otherwise. */
    public static Law base(Law law) {
        return law instanceof ConstrainedLaw c ? base(c.base()) : law;
    }

    /** The constants of {@link #base(Law)} from a possibly constrained law's free constants. */
    public static double[] fullConstants(Law law, double[] constants) {
        return law instanceof ConstrainedLaw c ? fullConstants(c.base(), c.expand(constants)) : constants;
    }

    /**
     * A law ready to fit: constrained as its published fit was ({@link Law#ties()}) except the
     * ties named in {@code untie}, then with the constants in {@code fix} held
     * ({@link PinnedLaw#parse}).
     */
    public static Law forFit(Law law, Collection<String> untie, List<String> fix) {
        Law l = TiedLaw.published(law, untie);
        return fix.isEmpty() ? l : new PinnedLaw(l, PinnedLaw.parse(l, fix));
    }

    /** The option by which fits saved before App. K's offsets (one class for kumar and kumar-ptq) are known. */
    private static final String LEGACY_KUMAR_MODE = "mode";

    /**
     * A kumar fit saved before the offsets were added is one of Eq. 1 with β free: the same law
     * with n_w = n_a = n_kv held at 0 and no tie (its saved constants have no n's and a β of their
     * own). kumar-ptq did not change.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> legacyKumar(String id, Map<String, Object> options) {
        Map<String, Object> rest = new LinkedHashMap<>(options);
        rest.remove(LEGACY_KUMAR_MODE);
        if (id.equals(KumarTrainingLaw.ID)) {
            Map<String, Object> held = new LinkedHashMap<>();
            if (rest.get(PinnedLaw.OPTION) instanceof Map<?, ?> m) {
                held.putAll((Map<String, Object>) m);
            }
            for (String n : new String[] {"n_w", "n_a", "n_kv"}) {
                held.put(n, 0.0);
            }
            rest.put(PinnedLaw.OPTION, held);
        }
        return rest;
    }

    /** Rebuilds the law of a saved fit from its id and options. */
    @SuppressWarnings("unchecked")
    public static Law fromSaved(String id, Map<String, Object> options) {
        if (options.containsKey(LEGACY_KUMAR_MODE)) {
            return fromSaved(id, legacyKumar(id, options));
        }
        if (options.get(PinnedLaw.OPTION) == null && options.get(TiedLaw.OPTION) instanceof Map<?, ?> tied) {
            Map<String, Object> rest = new LinkedHashMap<>(options);
            rest.remove(TiedLaw.OPTION);
            Map<String, String> ties = new LinkedHashMap<>();
            tied.forEach((k, v) -> ties.put(String.valueOf(k), String.valueOf(v)));
            return new TiedLaw(fromSaved(id, rest), ties);
        }
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
        if (RecipeEfficiencyLaw.ID.equals(id)) {
            if (!(options.get(RecipeEfficiencyLaw.OPTION) instanceof List<?> levels)) {
                throw new FitException("saved " + id + " fit lacks its recipes (options." + RecipeEfficiencyLaw.OPTION + ")");
            }
            return new RecipeEfficiencyLaw(levels.stream().map(String::valueOf).toList());
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
