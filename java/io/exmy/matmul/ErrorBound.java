package io.exmy.matmul;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far two float32 evaluations of the same GEMM may differ elementwise when they sum the same
 * exact products in different orders — the fast (BF16 tensor-core) GEMM against the exact one.
 * Derivation (docs/FORMATS.md, "Quantized matmul"):
 *
 * <p>With BF16 operands every product {@code p_k = a_ik·b_kj} is exact in float32 (8 × 8 significant
 * bits), and in the exact GEMM the FMA forms it exactly too, so both results are float32 sums of
 * the same n terms (n = K, plus one for the initial C when accumulating). Any order of n − 1
 * additions with unit roundoff u errs by at most γ_n(u)·S with γ_n(u) = n·u / (1 − n·u) and
 * S = Σ|p_k| (Higham, Accuracy and Stability of Numerical Algorithms, §4.2), plus what underflow
 * loses: at most 2^−126 per operation, even where subnormals are flushed. So
 *
 * <pre>  |fast − exact| ≤ (γ_n(u_exact) + γ_n(u_fast))·S + 2n·2^−126</pre>
 *
 * with u_exact = 2^−24 (IEEE round to nearest) and, for the tensor cores, the conservative
 * u_fast = 2^−22: their float32 accumulation is not IEEE round-to-nearest — the addends of each
 * step are aligned to the largest and truncated (Fasi, Higham, Mikaitis and Pranesh, "Numerical
 * behavior of NVIDIA tensor cores", 2021), which loses less than 2^−23 of the largest addend per
 * addend; 2^−22 doubles that.
 *
 * <p>When the two sides also round their terms differently before summing — NVFP4's float32 tensor
 * scales are folded into the exact side's dequantized operands (each rounded once), but applied to
 * the fast side's sum as one alpha = fl(t_A·t_B) (rounded twice) — each term carries up to r more
 * relative roundings on either side. With P_k the products of the unrounded values, every term of
 * either result is P_k·(1 + θ_{n+r}), |θ_{n+r}| ≤ γ_{n+r} (Higham, Lemma 3.3), so the bound becomes
 * (γ_{n+r}(u_exact) + γ_{n+r}(u_fast))·Σ|P_k|, and Σ|P_k| ≤ S / (1 − γ_r) for S taken over the
 * exact side's rounded products.
 *
 * <p>Outputs that are not finite are decided by the operands, not bounded: a NaN operand in the
 * chain, inf·0, or products +inf and −inf make NaN in every order; infinite products of one sign
 * make that infinity in every order — unless finite partial sums could overflow (S·(1 + γ) at or
 * above float32's maximum), where the two orders may legitimately disagree and nothing is required.
 */
public final class ErrorBound {
    /** IEEE float32 round to nearest. */
    public static final double U_IEEE = 0x1p-24;
    /** The tensor cores' float32 accumulation, conservatively. */
    public static final double U_TENSOR_CORE = 0x1p-22;
    /** What one operation may lose to underflow (the smallest normal: covers flushing subnormals). */
    public static final double UNDERFLOW_PER_OPERATION = 0x1p-126;

    private ErrorBound() {
    }

    /** What one output must satisfy. */
    public enum Kind {
        /** Both finite and within {@code tolerance}. */
        BOUNDED,
        /** Both NaN. */
        NAN,
        POSITIVE_INFINITY,
        NEGATIVE_INFINITY,
        /** Partial sums may overflow: the orders may disagree. */
        UNCONSTRAINED
    }

    /** The requirement on one output. */
    public record Element(Kind kind, double tolerance) {
        public boolean admits(float x, float y) {
            return switch (kind) {
                case BOUNDED -> Float.isFinite(x) && Float.isFinite(y) && Math.abs((double) x - y) <= tolerance;
                case NAN -> Float.isNaN(x) && Float.isNaN(y);
                case POSITIVE_INFINITY -> x == Float.POSITIVE_INFINITY && y == Float.POSITIVE_INFINITY;
                case NEGATIVE_INFINITY -> x == Float.NEGATIVE_INFINITY && y == Float.NEGATIVE_INFINITY;
                case UNCONSTRAINED -> true;
            };
        }
    }

    /** γ_n(u) = n·u / (1 − n·u); defined while n·u &lt; 1. */
    public static double gamma(long n, double u) {
        double nu = n * u;
        if (nu >= 1) {
            throw new IllegalArgumentException("γ_n(u) needs n·u < 1: n = " + n + ", u = " + u);
        }
        return nu / (1 - nu);
    }

    /**
     * The largest difference between two float32 sums of n exact terms with absolute sum
     * {@code absSum}, evaluated in any orders with unit roundoffs u1 and u2.
     */
    public static double tolerance(long n, double absSum, double u1, double u2) {
        return (gamma(n, u1) + gamma(n, u2)) * absSum + 2.0 * n * UNDERFLOW_PER_OPERATION;
    }

    /** The fast-versus-exact tolerance: {@link #tolerance} with u_exact and u_fast. */
    public static double fastVersusExact(long n, double absSum) {
        return tolerance(n, absSum, U_IEEE, U_TENSOR_CORE);
    }

    /**
     * The requirement on every output of {@code s} (index {@code z·m·n + i·n + j}), from the
     * operands (C's initial values count when accumulating), for orders with unit roundoffs u1, u2.
     * Sums are formed in double: products of float32 values are exact there, and the K-term sum's
     * own error (below K·2^−53 relative) is added to S.
     */
    public static Element[] elements(GemmShape s, float[] a, int aOff, float[] b, int bOff, float[] c0, int cOff,
                                      double u1, double u2) {
        return elements(s, a, aOff, b, bOff, c0, cOff, u1, u2, 0);
    }

    /**
     * As {@link #elements(GemmShape, float[], int, float[], int, float[], int, double, double)},
     * where each term may also carry {@code extraRoundings} relative roundings on either side
     * (2 when NVFP4 tensor scales are applied as alpha on the fast side).
     */
    public static Element[] elements(GemmShape s, float[] a, int aOff, float[] b, int bOff, float[] c0, int cOff,
                                     double u1, double u2, int extraRoundings) {
        int n = s.k() + (s.accumulate() ? 1 : 0) + extraRoundings;
        double sumScale = (1 + s.k() * 0x1p-52) / (1 - gamma(extraRoundings, Math.max(u1, u2)));
        Element[] out = new Element[s.batch() * s.m() * s.n()];
        double slack = (1 + gamma(n, Math.max(u1, u2))) * sumScale;
        for (int z = 0; z < s.batch(); z++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    Terms t = new Terms();
                    for (int k = 0; k < s.k(); k++) {
                        t.product(a[aOff + (int) (z * s.strideA() + s.aIndex(i, k))],
                                b[bOff + (int) (z * s.strideB() + s.bIndex(k, j))]);
                    }
                    if (s.accumulate()) {
                        t.term(c0[cOff + (int) (z * s.strideC()) + i * s.ldc() + j]);
                    }
                    out[(z * s.m() + i) * s.n() + j] = t.element(n, slack, sumScale, u1, u2);
                }
            }
        }
        return out;
    }

    /** Accumulates one output's terms: their classes and the absolute sum of the finite ones. */
    private static final class Terms {
        boolean nan;
        boolean posInf;
        boolean negInf;
        double absSum;

        void product(float x, float y) {
            if (Float.isNaN(x) || Float.isNaN(y) || Float.isInfinite(x) && y == 0 || Float.isInfinite(y) && x == 0) {
                nan = true;
            } else {
                term((double) x * y);
            }
        }

        /** A finite product above float32's range counts in S, which then flags the overflow. */
        void term(double p) {
            if (Double.isNaN(p)) {
                nan = true;
            } else if (p == Double.POSITIVE_INFINITY) {
                posInf = true;
            } else if (p == Double.NEGATIVE_INFINITY) {
                negInf = true;
            } else {
                absSum += Math.abs(p);
            }
        }

        Element element(int n, double slack, double sumScale, double u1, double u2) {
            if (nan || posInf && negInf) {
                return new Element(Kind.NAN, 0);
            }
            boolean mayOverflow = absSum * slack >= Float.MAX_VALUE;
            if (posInf || negInf) {
                return mayOverflow ? new Element(Kind.UNCONSTRAINED, Double.POSITIVE_INFINITY)
                        : new Element(posInf ? Kind.POSITIVE_INFINITY : Kind.NEGATIVE_INFINITY, 0);
            }
            return mayOverflow ? new Element(Kind.UNCONSTRAINED, Double.POSITIVE_INFINITY)
                    : new Element(Kind.BOUNDED, tolerance(n, absSum * sumScale, u1, u2));
        }
    }

    /** The outcome of a check: how many outputs broke their requirement, and the worst ones. */
    public record Report(long checked, long violations, double worstRatio, List<String> examples) {
        public boolean ok() {
            return violations == 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d of %d outputs outside the bound; largest |difference|/bound %.3g%s",
                    violations, checked, worstRatio, examples.isEmpty() ? "" : ": " + String.join("; ", examples));
        }
    }

    /**
     * Checks {@code y} (an order-free evaluation) against {@code x} (the exact one) on every output
     * of {@code s}; both are C buffers laid out as {@code s} says, from {@code cOff}.
     */
    public static Report check(GemmShape s, Element[] bounds, float[] x, float[] y, int cOff) {
        long bad = 0;
        double worst = 0;
        List<String> examples = new ArrayList<>();
        for (int z = 0; z < s.batch(); z++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    Element e = bounds[(z * s.m() + i) * s.n() + j];
                    int ci = cOff + (int) (z * s.strideC()) + i * s.ldc() + j;
                    if (e.kind() == Kind.BOUNDED && Float.isFinite(x[ci]) && Float.isFinite(y[ci])) {
                        worst = Math.max(worst, Math.abs((double) x[ci] - y[ci]) / e.tolerance());
                    }
                    if (!e.admits(x[ci], y[ci])) {
                        if (examples.size() < 5) {
                            examples.add(String.format(Locale.ROOT, "batch %d C[%d][%d]: %s vs %s, required %s%s", z, i,
                                    j, x[ci], y[ci], e.kind(), e.kind() == Kind.BOUNDED
                                            ? String.format(Locale.ROOT, " within %.3g", e.tolerance()) : ""));
                        }
                        bad++;
                    }
                }
            }
        }
        return new Report((long) s.batch() * s.m() * s.n(), bad, worst, examples);
    }
}
