package io.exmy.fit;

import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.law.KumarPtqLaw;
import io.exmy.fit.law.KumarTrainingLaw;
import io.exmy.fit.law.KumarUnifiedLaw;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.OuyangQidLaw;
import io.exmy.fit.law.RecipeEfficiencyLaw;
import io.exmy.fit.law.SunFpLaw;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Data generated from a law with known constants and multiplicative log-normal noise: the recovery
 * tests fit it back, and {@code exmy bench fit} times fits of it. Input ranges follow each paper's
 * experiments (N from 10^7, D to 10^12, the bit widths they swept).
 */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * @param inputs draws one row of the law's input columns
     * @param sigma  standard deviation of the noise on log(target)
     */
    public static Dataset generate(Law law, double[] truth, int n, double sigma, long seed,
                            Function<SplittableRandom, double[]> inputs) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> cols = law.columnNames();
        Map<String, double[]> data = new LinkedHashMap<>();
        for (String c : cols) {
            data.put(c, new double[n]);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = inputs.apply(rng);
            for (int c = 0; c < cols.size(); c++) {
                data.get(cols.get(c))[i] = row[c];
            }
            y[i] = law.predict(truth, row) * Math.exp(sigma * gaussian(rng));
        }
        data.put(law.target(), y);
        return new Dataset("synthetic " + law.id(), n, data, Map.of(), List.of());
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default, keep it explicit.
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static double logUniform(SplittableRandom rng, double lo, double hi) {
        return Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    static double pick(SplittableRandom rng, double... values) {
        return values[rng.nextInt(values.length)];
    }

    public static Dataset chinchilla(double[] truth, int n, double sigma, long seed) {
        return generate(new ChinchillaLaw(), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 1e7, 1e10), logUniform(r, 1e9, 1e12)});
    }

    /** Formats of 3 to 10 bits with at least one exponent bit, five block sizes including channel-wise. */
    public static Dataset sun(double[] truth, int n, double sigma, long seed) {
        return generate(new SunFpLaw(), truth, n, sigma, seed, r -> {
            int p = 3 + r.nextInt(8);
            int e = 1 + r.nextInt(p - 1);
            return new double[] {pick(r, 4e7, 1e8, 3e8, 1e9, 3e9), logUniform(r, 1e9, 1e12), e, p - 1 - e,
                    pick(r, 32, 64, 128, 256, SunFpLaw.CHANNEL_B)};
        });
    }

    /**
     * Precisions above the floors of App. K's N_eff (n_x γ_x: 0.81, 3.11 and 2.32 bits for w, a, kv),
     * where the law predicts.
     */
    public static Dataset kumar(double[] truth, int n, double sigma, long seed) {
        return generate(new KumarTrainingLaw(), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 1e7, 1e10), logUniform(r, 1e9, 1e12),
                        pick(r, 2, 3, 4, 5, 6, 8, 16), pick(r, 4, 5, 6, 8, 16), pick(r, 3, 4, 6, 8, 16)});
    }

    public static Dataset kumarPtq(double[] truth, int n, double sigma, long seed) {
        return generate(new KumarPtqLaw(), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 3e7, 3e9), logUniform(r, 1e9, 1e12), pick(r, 2, 3, 4, 5, 6, 8)});
    }

    /**
     * C_w, C_a, C_kv for synthetic data of the unified law, which App. K does not give: assumed
     * values (a factor 1 − e^(−C·gap) that saturates within 2 to 8 bits), different so that a fit
     * must tell them apart. Not published constants.
     */
    public static final double[] KUMAR_UNIFIED_ASSUMED_C = {0.7, 0.5, 0.3};

    /** App. K's constants with {@link #KUMAR_UNIFIED_ASSUMED_C} for the three C_x. */
    public static double[] kumarUnifiedTruth() {
        double[] t = new KumarUnifiedLaw().preset("kumar2024");
        System.arraycopy(KUMAR_UNIFIED_ASSUMED_C, 0, t, KumarUnifiedLaw.C_X, 3);
        return t;
    }

    /**
     * Training precisions as for {@link #kumar}, each varied on its own, and a post-training
     * precision of 2 to 5 bits (where δ_PTQ is large enough to measure) below the weights', or none
     * (P_post = P_w, a third of the rows).
     */
    public static Dataset kumarUnified(double[] truth, int n, double sigma, long seed) {
        return generate(new KumarUnifiedLaw(), truth, n, sigma, seed, r -> {
            double pw = pick(r, 4, 5, 6, 8, 16), pa = pick(r, 4, 5, 6, 8, 16), pkv = pick(r, 3, 4, 6, 8, 16);
            double post = r.nextInt(3) == 0 ? pw : pick(r, 2, 3, 4, 5);
            return new double[] {logUniform(r, 1e7, 1e10), logUniform(r, 1e9, 1e12), pw, pa, pkv, post};
        });
    }

    public static Dataset ouyang(double[] truth, int n, double sigma, long seed) {
        return generate(new OuyangQidLaw(), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 1e8, 1e10), logUniform(r, 1e9, 1e12), pick(r, 2, 3, 4, 8)});
    }

    /** Recipes of {@link #recipes}; {@code reference} has efficiencies 1. */
    public static final List<String> RECIPES = List.of("reference", "smaller", "lossy");

    /**
     * Besiroglu et al.'s Chinchilla constants, then eff_N, eff_D of {@code reference} (1, 1),
     * {@code smaller} (0.8, 1: its parameters count for less) and {@code lossy} (0.9, 0.6: its
     * tokens do). Made up for tests.
     */
    public static double[] recipeTruth() {
        double[] c = new ChinchillaLaw().preset("besiroglu2024");
        double[] t = java.util.Arrays.copyOf(c, c.length + 6);
        System.arraycopy(new double[] {1, 1, 0.8, 1.0, 0.9, 0.6}, 0, t, c.length, 6);
        return t;
    }

    /** What a fit of {@link #forLaw}'s data must hold to be identified: recipe-efficiency's reference. */
    public static List<String> heldFor(String lawId) {
        return lawId.equals(RecipeEfficiencyLaw.ID) ? List.of("eff_N.reference=1", "eff_D.reference=1") : List.of();
    }

    /** Chinchilla's inputs with a recipe drawn uniformly from {@link #RECIPES}, held by name as a data file holds it. */
    public static Dataset recipes(double[] truth, int n, double sigma, long seed) {
        // the law's recipes in the order of RECIPES, whatever order the rows come in
        Dataset d = generate(new RecipeEfficiencyLaw(RECIPES), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 1e7, 1e10), logUniform(r, 1e9, 1e12), r.nextInt(RECIPES.size())});
        double[] index = d.numeric(RecipeEfficiencyLaw.COLUMN);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = RECIPES.get((int) index[i]);
        }
        Map<String, double[]> numeric = new LinkedHashMap<>();
        for (String c : List.of("N", "D", "loss")) {
            numeric.put(c, d.numeric(c));
        }
        return new Dataset(d.source(), n, numeric, Map.of(RecipeEfficiencyLaw.COLUMN, names), List.of());
    }

    /**
     * Synthetic data for a built-in law at its default published constants (the unified law's C_x,
     * unpublished, at {@link #KUMAR_UNIFIED_ASSUMED_C}; recipe-efficiency's, data-specific, at
     * {@link #recipeTruth}); expression laws have none.
     */
    public static Dataset forLaw(Law law, int n, double sigma, long seed) {
        return switch (law.id()) {
            case "chinchilla" -> chinchilla(law.preset(law.defaultPreset()), n, sigma, seed);
            case "sun" -> sun(law.preset(law.defaultPreset()), n, sigma, seed);
            case "kumar" -> kumar(law.preset(law.defaultPreset()), n, sigma, seed);
            case "kumar-ptq" -> kumarPtq(law.preset(law.defaultPreset()), n, sigma, seed);
            case "kumar-unified" -> kumarUnified(kumarUnifiedTruth(), n, sigma, seed);
            case "ouyang" -> ouyang(law.preset(law.defaultPreset()), n, sigma, seed);
            case "recipe-efficiency" -> recipes(recipeTruth(), n, sigma, seed);
            default -> throw new IllegalArgumentException("no synthetic data for law '" + law.id() + "'");
        };
    }
}
