package io.exmy.compare;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Paired differences d_i = treatment_i − baseline_i of one cell: their number n, the means, the mean
 * difference with its standard error from the paired differences (sd(d)/√n, sd with n − 1), the
 * paired t statistic with its two-sided p value (Student's t, n − 1 degrees of freedom), and the sign
 * test (how many d_i are positive; two-sided exact binomial p over the non-zero d_i). With one pair
 * there is no spread to judge by: s.e., t and p are NaN ("one seed").
 */
public record PairedStats(int n, double meanBaseline, double meanTreatment, double meanDiff, double se, double t,
                          double pT, int positive, int nonZero, double pSign) {

    public static PairedStats of(double[] baseline, double[] treatment) {
        int n = baseline.length;
        if (n == 0 || treatment.length != n) {
            throw new IllegalArgumentException("paired statistics need as many treatment as baseline values, at least one");
        }
        double sb = 0, st = 0, sd = 0;
        int positive = 0, nonZero = 0;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = treatment[i] - baseline[i];
            sb += baseline[i];
            st += treatment[i];
            sd += d[i];
            positive += d[i] > 0 ? 1 : 0;
            nonZero += d[i] != 0 ? 1 : 0;
        }
        double mean = sd / n;
        double se = Double.NaN, t = Double.NaN, pT = Double.NaN;
        if (n > 1) {
            double ss = 0;
            for (double x : d) {
                ss += (x - mean) * (x - mean);
            }
            se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
            if (se > 0) {
                t = mean / se;
                pT = 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(t));
            }
        }
        return new PairedStats(n, sb / n, st / n, mean, se, t, pT, positive, nonZero, signTest(positive, nonZero));
    }

    /** Two-sided exact sign test: twice the smaller binomial tail, at most 1; 1 when every difference is zero. */
    static double signTest(int positive, int nonZero) {
        if (nonZero == 0) {
            return 1;
        }
        int k = Math.min(positive, nonZero - positive);
        double tail = new BinomialDistribution(null, nonZero, 0.5).cumulativeProbability(k);
        return Math.min(1, 2 * tail);
    }
}
