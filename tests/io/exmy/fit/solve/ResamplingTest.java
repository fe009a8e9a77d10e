package io.exmy.fit.solve;

import io.exmy.fit.FitTables;
import io.exmy.fit.TableWriter;
import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ChinchillaLaw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap's units: single points, or whole clusters (e.g. the points of one training run)
 * drawn within strata (e.g. model sizes). Points that share a run share its seed's luck; only
 * drawing whole runs puts that variation into the interval.
 */
class ResamplingTest {
    private static final ChinchillaLaw LAW = new ChinchillaLaw();
    private static final double[] TRUTH = LAW.preset("besiroglu2024");

    /**
     * Chinchilla points from {@code runs} training runs of each of three model sizes, 8 values of D
     * per run; each run multiplies its losses by its own factor exp(u), u ~ N(0, runSpread) (its
     * seed's luck), and each point by exp(v), v ~ N(0, 0.001).
     */
    private static Dataset runs(int runs, double runSpread, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] sizes = {1e8, 1e9, 1e10};
        int n = sizes.length * runs * 8;
        double[] nn = new double[n], dd = new double[n], loss = new double[n];
        String[] run = new String[n], model = new String[n];
        int i = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (int r = 0; r < runs; r++) {
                double u = runSpread * gaussian(rng);
                for (int k = 0; k < 8; k++) {
                    nn[i] = sizes[s];
                    dd[i] = 1e9 * Math.pow(10, k * 3.0 / 7);
                    double l = TRUTH[0] + TRUTH[1] / Math.pow(nn[i], TRUTH[3]) + TRUTH[2] / Math.pow(dd[i], TRUTH[4]);
                    loss[i] = l * Math.exp(u + 0.001 * gaussian(rng));
                    run[i] = "m" + s + "-seed" + r;
                    model[i] = "m" + s;
                    i++;
                }
            }
        }
        Map<String, double[]> num = new LinkedHashMap<>();
        num.put("N", nn);
        num.put("D", dd);
        num.put("loss", loss);
        Map<String, String[]> cat = new LinkedHashMap<>();
        cat.put("run", run);
        cat.put("model", model);
        return new Dataset("synthetic runs", n, num, cat, List.of());
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void pointResamplingDrawsAsBefore() {
        // the plain bootstrap's draws must not change: fits saved earlier reproduce from their seed
        int n = 7;
        long seed = 42;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[rng.nextInt(n)] += 1;
        }
        assertArrayEquals(expected, Resampling.points(n).weights(seed));
        assertEquals("points", Resampling.points(n).description());
    }

    @Test
    void aReplicateDrawsWholeClustersAndKeepsEveryStratumsCount() {
        Dataset d = runs(3, 0.01, 1);
        FitProblem p = FitProblem.of(LAW, d, false);
        Resampling units = Resampling.clusters(d, p, "run", "model");
        assertEquals("9 clusters of run within 3 strata of model", units.description());
        assertEquals(9, units.units());
        String[] run = d.categorical("run");
        String[] model = d.categorical("model");
        for (long seed = 0; seed < 50; seed++) {
            double[] w = units.weights(seed);
            Map<String, Double> perRun = new LinkedHashMap<>();
            Map<String, Double> perModel = new LinkedHashMap<>();
            for (int i = 0; i < w.length; i++) {
                Double before = perRun.put(run[p.dataRow(i)], w[i]);
                if (before != null) {
                    assertEquals(before, w[i], "every point of a run is drawn as often as its run");
                }
                perModel.merge(model[p.dataRow(i)], w[i], Double::sum);
            }
            // each model draws 3 runs of 8 points: 24 points' worth, whichever runs they are
            perModel.values().forEach(total -> assertEquals(24.0, total));
        }
    }

    @Test
    void theClusterIntervalCarriesTheRunsSpreadThatThePointIntervalHides() {
        // runs differ by about 2 % of the loss; within a run the noise is 0.1 %. Points resampled one
        // by one see only the small noise; whole runs see the spread between runs.
        Dataset d = runs(4, 0.02, 3);
        FitProblem p = FitProblem.of(LAW, d, false);
        int e = LAW.parameterNames().indexOf("E");
        FitResult points = LawFitter.fit(p, new HuberFitter(), new FitOptions(60, 0.95, 0, false, 1));
        FitResult clusters = LawFitter.fit(p, new HuberFitter(),
                new FitOptions(60, 0.95, 0, false, 1, Resampling.clusters(d, p, "run", "model")));
        double wPoints = points.bootstrap().upper()[e] - points.bootstrap().lower()[e];
        double wClusters = clusters.bootstrap().upper()[e] - clusters.bootstrap().lower()[e];
        assertTrue(wClusters > 3 * wPoints, "E's interval: runs " + wClusters + ", points " + wPoints);
        assertEquals("12 clusters of run within 3 strata of model", clusters.bootstrap().resampled());
        String tables = TableWriter.render(FitTables.of(clusters), TableWriter.Format.MARKDOWN);
        assertTrue(tables.contains("12 clusters of run within 3 strata of model"), tables);
    }

    @Test
    void clustersThatCannotBeDrawnAreRefusedWithTheReason() {
        Dataset d = runs(3, 0.01, 1);
        FitProblem p = FitProblem.of(LAW, d, false);
        FitException noColumn = assertThrows(FitException.class, () -> Resampling.clusters(d, p, "seed", null));
        assertTrue(noColumn.getMessage().startsWith("--bootstrap-by seed: the data have no column 'seed'"), noColumn.getMessage());
        // a run per stratum is one cluster: nothing to draw from
        FitException one = assertThrows(FitException.class, () -> Resampling.clusters(d, p, "run", "run"));
        assertTrue(one.getMessage().contains("needs at least 2 per stratum"), one.getMessage());
        // a model spans three strata of runs
        FitException two = assertThrows(FitException.class, () -> Resampling.clusters(d, p, "model", "run"));
        assertTrue(two.getMessage().contains("lies in two strata"), two.getMessage());
    }
}
