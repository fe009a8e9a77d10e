package io.exmy.fit.solve;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.data.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a bootstrap replicate draws with replacement: the points themselves, or whole clusters of
 * points (e.g. every point of one training run), optionally within strata (e.g. the training runs
 * of each model size separately).
 *
 * <p>Why clusters: points that share a training run share its seed's luck, so they are not
 * independent draws. Resampling single points then treats the seed's variation as if it averaged
 * out within a run and gives intervals that are too narrow. Drawing whole runs carries the
 * between-seed variation into the interval (the cluster bootstrap, Davison and Hinkley 1997,
 * §3.8). Strata keep every replicate balanced: each stratum draws as many of its clusters as it
 * has, so a replicate never loses a model size a law's N needs.
 *
 * <p>With few clusters per stratum the interval is coarse (3 runs per stratum give 10 distinct
 * draws of that stratum); the number of clusters is printed beside the interval for that reason.
 */
public final class Resampling {
    private final int points;
    /** Cluster of each point; null when the points are drawn one by one. */
    private final int[] cluster;
    /** Points of each cluster and the clusters of each stratum, in order of first appearance. */
    private final int[][] clusterPoints;
    private final int[][] strata;
    private final String description;

    private Resampling(int points, int[] cluster, int[][] clusterPoints, int[][] strata, String description) {
        this.points = points;
        this.cluster = cluster;
        this.clusterPoints = clusterPoints;
        this.strata = strata;
        this.description = description;
    }

    /** Every point is a unit of its own (the plain nonparametric bootstrap). */
    public static Resampling points(int n) {
        return new Resampling(n, null, null, null, "points");
    }

    /**
     * Whole clusters, the points that share a value of column {@code by}, drawn within the strata
     * given by column {@code strata} (null: one stratum). A cluster must lie in one stratum.
     */
    public static Resampling clusters(Dataset data, FitProblem problem, String by, String strata) {
        String[] byValues = labels(data, by, "--bootstrap-by");
        String[] strataValues = strata == null ? null : labels(data, strata, "--bootstrap-strata");
        int n = problem.size();
        Map<String, Integer> clusterIds = new LinkedHashMap<>();
        Map<String, Integer> stratumIds = new LinkedHashMap<>();
        List<List<Integer>> members = new ArrayList<>();
        List<Integer> clusterStratum = new ArrayList<>();
        int[] cluster = new int[n];
        for (int i = 0; i < n; i++) {
            int row = problem.dataRow(i);
            String c = byValues[row];
            if (c == null) {
                throw new FitException("--bootstrap-by " + by + ": row " + (row + 1) + " has no value; every fitted point needs one");
            }
            String s = strataValues == null ? "" : strataValues[row];
            if (s == null) {
                throw new FitException("--bootstrap-strata " + strata + ": row " + (row + 1) + " has no value; every fitted point needs one");
            }
            int sid = stratumIds.computeIfAbsent(s, k -> stratumIds.size());
            Integer cid = clusterIds.get(c);
            if (cid == null) {
                cid = members.size();
                clusterIds.put(c, cid);
                members.add(new ArrayList<>());
                clusterStratum.add(sid);
            } else if (clusterStratum.get(cid) != sid) {
                throw new FitException("--bootstrap-by " + by + " = " + c + " lies in two strata of " + strata
                        + "; a cluster must lie in one stratum (choose a finer --bootstrap-by or a coarser --bootstrap-strata)");
            }
            members.get(cid).add(i);
            cluster[i] = cid;
        }
        int[][] byStratum = new int[stratumIds.size()][];
        for (int s = 0; s < byStratum.length; s++) {
            final int sid = s;
            byStratum[s] = java.util.stream.IntStream.range(0, members.size()).filter(c -> clusterStratum.get(c) == sid).toArray();
            if (byStratum[s].length < 2) {
                String name = strata == null ? "the data" : "stratum " + strata + " = " + stratumIds.keySet().toArray()[s];
                throw new FitException("--bootstrap-by " + by + ": " + name + " has " + byStratum[s].length
                        + " cluster; a cluster bootstrap needs at least 2 per stratum (add runs, or drop --bootstrap-strata)");
            }
        }
        int[][] pts = members.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        String desc = members.size() + " clusters of " + by
                + (strata == null ? "" : " within " + byStratum.length + " strata of " + strata);
        return new Resampling(n, cluster, pts, byStratum, desc);
    }

    /** A column's values as labels (numbers written as the data set prints them). */
    private static String[] labels(Dataset data, String column, String option) {
        if (!data.has(column)) {
            throw new FitException(option + " " + column + ": the data have no column '" + column + "'; columns are "
                    + data.columnNames());
        }
        if (data.isNumeric(column)) {
            double[] v = data.numeric(column);
            String[] s = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = Double.isNaN(v[i]) ? null : Formats.number(v[i]);
            }
            return s;
        }
        return data.categorical(column);
    }

    /** What is resampled, e.g. "points" or "9 clusters of metrics.train_run within 3 strata of metrics.model". */
    public String description() {
        return description;
    }

    public boolean byPoints() {
        return cluster == null;
    }

    /**
     * One replicate as counts per point, drawn from its own generator. Point resampling draws n
     * points; cluster resampling draws, stratum by stratum, as many clusters as the stratum has
     * and counts each point of a drawn cluster once per draw.
     */
    public double[] weights(long replicateSeed) {
        SplittableRandom rng = new SplittableRandom(replicateSeed);
        double[] w = new double[points];
        if (cluster == null) {
            for (int i = 0; i < points; i++) {
                w[rng.nextInt(points)] += 1;
            }
            return w;
        }
        for (int[] stratum : strata) {
            for (int d = 0; d < stratum.length; d++) {
                for (int p : clusterPoints[stratum[rng.nextInt(stratum.length)]]) {
                    w[p] += 1;
                }
            }
        }
        return w;
    }

    /** Number of units drawn from: points or clusters. */
    public int units() {
        return cluster == null ? points : clusterPoints.length;
    }
}
