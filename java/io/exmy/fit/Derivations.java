package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import io.exmy.fit.law.PrecisionTrainingLaw;
import io.exmy.fit.law.SunFpLaw;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Results that follow from a precision-aware law's constants (fitted or published):
 * the best exponent/mantissa split of a bit width, the critical data size, and the
 * compute-optimal precision. See docs/FITTING.md for the derivations.
 */
public final class Derivations {
    private final Law law;
    private final double[] c;

    public Derivations(Law law, double[] constants) {
        constants = Laws.fullConstants(law, constants);
        law = Laws.base(law);
        if (!(law instanceof SunFpLaw) && !(law instanceof PrecisionTrainingLaw)) {
            throw new FitException("derived results need a precision-aware training law (sun, kumar or kumar-unified), not "
                    + law.id());
        }
        for (int i = 0; i < constants.length; i++) {
            if (!Double.isFinite(constants[i])) {
                throw new FitException("law " + law.id() + " has no value for " + law.parameterNames().get(i)
                        + " (the published constants leave it unset): give it with --const " + law.parameterNames().get(i) + "=VALUE");
            }
        }
        if (constants.length != law.parameterCount()) {
            throw new IllegalArgumentException("expected " + law.parameterCount() + " constants");
        }
        this.law = law;
        this.c = constants.clone();
    }

    public Law law() {
        return law;
    }

    private SunFpLaw requireSun(String what) {
        if (law instanceof SunFpLaw s) {
            return s;
        }
        throw new FitException(what + " is defined by the exponent/mantissa law (sun); law " + law.id() + " has no E/M terms");
    }

    /**
     * Best split of P total bits (sign + E + M = P) for Sun's law.
     *
     * @param exponent         continuous optimum of E
     * @param mantissa         continuous optimum of M = P - 1 - E
     * @param bestE            best integer exponent bits
     * @param bestM            best integer mantissa bits
     * @param runnerUpE        second-best integer exponent bits (-1 if P has only one split)
     * @param runnerUpTermRatio the runner-up's quantization term divided by the best's (>= 1)
     */
    public record Split(int bits, double exponent, double mantissa, int bestE, int bestM, int runnerUpE,
                        double runnerUpTermRatio) {
        public String format() {
            return "E" + bestE + "M" + bestM;
        }
    }

    /**
     * The law's only dependence on E and M is the factor 1 / ((E+0.5)^delta (M+0.5)^nu) of the
     * quantization term, whose coefficient D^beta log2(B) / (gamma N^alpha) is positive; so for
     * every N, D and B the best split maximises delta ln(E+0.5) + nu ln(M+0.5) subject to
     * E + M = P - 1. Setting the derivative to zero gives
     * (E+0.5)/(M+0.5) = delta/nu, i.e. E* = delta P / (delta + nu) - 0.5 (as (E+0.5)+(M+0.5) = P).
     * The objective is concave, so the best integer pair is one of the two neighbours of E*;
     * all pairs are scored anyway to keep the code obviously right.
     */
    /** The bit widths P = 1 + E + M the derivations take (sign + 1 bit up to twice float32). */
    public static final int MIN_BITS = 2, MAX_BITS = 64;

    public Split bestSplit(int bits) {
        requireSun("the exponent/mantissa split");
        if (bits < 2) {
            throw new FitException("a floating-point format needs at least 2 bits (sign + 1), got " + bits);
        }
        double delta = c[SunFpLaw.DELTA], nu = c[SunFpLaw.NU];
        double e = delta * bits / (delta + nu) - 0.5;
        e = Math.max(0, Math.min(bits - 1, e));
        int best = -1, second = -1;
        double bestScore = Double.NEGATIVE_INFINITY, secondScore = Double.NEGATIVE_INFINITY;
        for (int ex = 0; ex <= bits - 1; ex++) {
            double s = splitScore(ex, bits - 1 - ex);
            if (s > bestScore) {
                second = best;
                secondScore = bestScore;
                best = ex;
                bestScore = s;
            } else if (s > secondScore) {
                second = ex;
                secondScore = s;
            }
        }
        double ratio = second < 0 ? Double.NaN : Math.exp(bestScore - secondScore);
        return new Split(bits, e, bits - 1 - e, best, bits - 1 - best, second, ratio);
    }

    /** delta ln(E+0.5) + nu ln(M+0.5): larger means a smaller quantization term. */
    private double splitScore(double e, double m) {
        return c[SunFpLaw.DELTA] * Math.log(e + 0.5) + c[SunFpLaw.NU] * Math.log(m + 0.5);
    }

    /**
     * Critical data size of Sun's law: dL/dD = 0 where d beta D^-beta-1 equals
     * beta D^beta-1 log2(B) / (gamma N^alpha (E+0.5)^delta (M+0.5)^nu), so
     * D_crit = (d gamma N^alpha (E+0.5)^delta (M+0.5)^nu / log2 B)^(1/(2 beta)).
     * Below it more data lowers the loss; beyond it the quantization term dominates and more data raise it.
     */
    public double criticalData(double n, double e, double m, double b) {
        requireSun("the critical data size");
        checkSunInputs(n, 1, e, m, b);
        double log2B = Math.log(b) / Math.log(2);
        double lnD = (Math.log(c[SunFpLaw.D]) + Math.log(c[SunFpLaw.GAMMA]) + c[SunFpLaw.ALPHA] * Math.log(n)
                + c[SunFpLaw.DELTA] * Math.log(e + 0.5) + c[SunFpLaw.NU] * Math.log(m + 0.5) - Math.log(log2B))
                / (2 * c[SunFpLaw.BETA]);
        return Math.exp(lnD);
    }

    private static void checkSunInputs(double n, double d, double e, double m, double b) {
        if (!(n > 0) || !(d > 0)) {
            throw new FitException("N and D must be > 0");
        }
        if (!(e >= 0) || !(m >= 0)) {
            throw new FitException("E and M must be >= 0");
        }
        if (!(b > 1)) {
            throw new FitException("block size B must be > 1 (channel-wise scaling: B = 2^" + SunFpLaw.CHANNEL_LOG2_B + ")");
        }
    }

    /** Sun's law's predicted loss for a format. */
    public double loss(double n, double d, double e, double m, double b) {
        requireSun("a loss for E, M and B");
        return law.predict(c, new double[] {n, d, e, m, b});
    }

    /**
     * One row of the compute-optimal table: at precision {@code bits} (with its best format), the
     * model size and data that minimise the loss for the budget.
     */
    public record ComputePoint(double bits, String format, double e, double m, double n, double d, double loss) {
    }

    /**
     * For each integer precision, the best format and the N (with D = C / (k P N)) that minimise
     * the predicted loss. The loss is a sum of exponentials of linear functions of log N, hence
     * convex in log N, so Brent's method finds the global minimum over N.
     */
    public List<ComputePoint> computeOptimal(double compute, double k, int minBits, int maxBits, double b) {
        checkBudget(compute, k, minBits, maxBits);
        List<ComputePoint> out = new ArrayList<>();
        for (int p = minBits; p <= maxBits; p++) {
            if (p <= precisionFloor()) {
                continue; // no prediction there (Kumar's N_eff <= 0)
            }
            double e = Double.NaN, m = Double.NaN;
            String format = "P=" + p;
            if (law instanceof SunFpLaw) {
                Split s = bestSplit(p);
                e = s.bestE();
                m = s.bestM();
                format = s.format();
            }
            out.add(optimalSize(p, e, m, b, compute, k, format));
        }
        return out;
    }

    /**
     * The precision minimising the loss when bits may be fractional (Sun: with the continuous
     * E/M split). A coarse scan guards against several local minima, then Brent refines.
     */
    public ComputePoint continuousComputeOptimal(double compute, double k, int minBits, int maxBits, double b) {
        checkBudget(compute, k, minBits, maxBits);
        DoubleUnaryOperator lossAt = p -> {
            double l = atBits(p, b, compute, k).loss();
            return Double.isNaN(l) ? Double.POSITIVE_INFINITY : l;
        };
        // from just above the precision floor, where the law starts to predict
        double lowest = Math.max(minBits, Math.nextUp(precisionFloor()));
        if (lowest > maxBits) {
            throw new FitException("the law predicts nothing at or below " + Formats.number(precisionFloor(), 4)
                    + " bits; raise --max-bits above it");
        }
        int steps = 200;
        double bestP = lowest, best = Double.POSITIVE_INFINITY;
        double h = (maxBits - lowest) / steps;
        for (int i = 0; i <= steps; i++) {
            double p = lowest + i * h;
            double v = lossAt.applyAsDouble(p);
            if (v < best) {
                best = v;
                bestP = p;
            }
        }
        double lo = Math.max(lowest, bestP - h), hi = Math.min(maxBits, bestP + h);
        UnivariatePointValuePair r = new BrentOptimizer(1e-10, 1e-12).optimize(new MaxEval(500),
                new UnivariateObjectiveFunction(lossAt::applyAsDouble), GoalType.MINIMIZE,
                new SearchInterval(lo, hi, bestP));
        return atBits(r.getPoint(), b, compute, k);
    }

    private ComputePoint atBits(double p, double b, double compute, double k) {
        double e = Double.NaN, m = Double.NaN;
        if (law instanceof SunFpLaw) {
            double delta = c[SunFpLaw.DELTA], nu = c[SunFpLaw.NU];
            e = Math.max(0, Math.min(p - 1, delta * p / (delta + nu) - 0.5));
            m = p - 1 - e;
        }
        return optimalSize(p, e, m, b, compute, k, Formats.number(p, 4) + " bits");
    }

    private ComputePoint optimalSize(double p, double e, double m, double b, double compute, double k, String format) {
        double tokensTimesParams = compute / (k * p);
        double lnMax = Math.log(tokensTimesParams); // N <= C/(kP) keeps D >= 1
        DoubleUnaryOperator lossOfLnN = x -> {
            double n = Math.exp(x), d = tokensTimesParams / n;
            return lossFor(n, d, p, e, m, b);
        };
        UnivariatePointValuePair r = new BrentOptimizer(1e-12, 1e-14).optimize(new MaxEval(1000),
                new UnivariateObjectiveFunction(lossOfLnN::applyAsDouble), GoalType.MINIMIZE,
                new SearchInterval(0, lnMax, lnMax / 2));
        double n = Math.exp(r.getPoint());
        return new ComputePoint(p, format, e, m, n, tokensTimesParams / n, r.getValue());
    }

    private double lossFor(double n, double d, double p, double e, double m, double b) {
        if (law instanceof SunFpLaw) {
            return law.predict(c, new double[] {n, d, e, m, b});
        }
        return law.predict(c, ((PrecisionTrainingLaw) law).columnsAt(n, d, p));
    }

    /**
     * The precision at or below which the law predicts nothing: 0 for Sun's law, the largest
     * n_x γ_x for Kumar's fitted N_eff (where a factor 1 − e^(n_x − P/γ_x) reaches 0).
     */
    public double precisionFloor() {
        return law instanceof PrecisionTrainingLaw l ? l.precisionFloor(c) : 0;
    }

    private static void checkBudget(double compute, double k, int minBits, int maxBits) {
        if (!(compute > 0) || !(k > 0)) {
            throw new FitException("the compute budget C and cost factor k must be > 0");
        }
        if (minBits < 2 || maxBits < minBits) {
            throw new FitException("bit range must satisfy 2 <= min <= max, got " + minBits + ".." + maxBits);
        }
    }
}
