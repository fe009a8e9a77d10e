package io.exmy.fit;

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

    public static Dataset kumar(double[] truth, int n, double sigma, long seed) {
        return generate(new KumarPrecisionLaw(KumarPrecisionLaw.Mode.TRAINING), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 1e7, 1e10), logUniform(r, 1e9, 1e12),
                        pick(r, 2, 3, 4, 5, 6, 8, 16), pick(r, 2, 3, 4, 5, 6, 8, 16), pick(r, 1, 2, 3, 4, 6, 8, 16)});
    }

    public static Dataset kumarPtq(double[] truth, int n, double sigma, long seed) {
        return generate(new KumarPrecisionLaw(KumarPrecisionLaw.Mode.PTQ), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 3e7, 3e9), logUniform(r, 1e9, 1e12), pick(r, 2, 3, 4, 5, 6, 8)});
    }

    public static Dataset ouyang(double[] truth, int n, double sigma, long seed) {
        return generate(new OuyangQidLaw(), truth, n, sigma, seed,
                r -> new double[] {logUniform(r, 1e8, 1e10), logUniform(r, 1e9, 1e12), pick(r, 2, 3, 4, 8)});
    }

    /** Synthetic data for a built-in law at its default published constants; expression laws have none. */
    public static Dataset forLaw(Law law, int n, double sigma, long seed) {
        double[] truth = law.preset(law.defaultPreset());
        return switch (law.id()) {
            case "chinchilla" -> chinchilla(truth, n, sigma, seed);
            case "sun" -> sun(truth, n, sigma, seed);
            case "kumar" -> kumar(truth, n, sigma, seed);
            case "kumar-ptq" -> kumarPtq(truth, n, sigma, seed);
            case "ouyang" -> ouyang(truth, n, sigma, seed);
            default -> throw new IllegalArgumentException("no synthetic data for law '" + law.id() + "'");
        };
    }
}
