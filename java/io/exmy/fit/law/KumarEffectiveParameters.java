package io.exmy.fit.law;

import java.util.List;

/**
 * Kumar et al.'s effective parameter count in the form their App. K fit it (../shared/papers/LAWS.md
 * §2): N_eff = N ∏_x (1 − e^(n_x − P_x/γ_x)) over x = w, a, kv (weights, activations, KV cache),
 * where Eq. 1 writes 1 − e^(−P_x/γ_x) and the fitted form adds an offset n_x to the exponent
 * ("each factor is really computed as e^(x/γ_x + n)" with x = −P_x). docs/FITTING.md says why this
 * reading and not 1 − e^(−(P_x/γ_x + n_x)).
 *
 * <p>With a positive offset the factor vanishes at P_x = n_x γ_x and is negative below: the law has
 * no prediction there (a NaN, which the fitters charge as a bad residual and the derivations skip).
 * Holding n_x = 0 gives Eq. 1.
 */
final class KumarEffectiveParameters {
    /** Fit-space indices of the three γ's and three offsets, relative to where they start in a law's constants. */
    static final int GAMMA_W = 0, GAMMA_A = 1, GAMMA_KV = 2, N_W = 3, N_A = 4, N_KV = 5, COUNT = 6;

    /** γ_w, γ_a, γ_kv (log-scale, bits) then n_w, n_a, n_kv; grids from 0 (Eq. 1) and 1, γ from 1 and 3 bits. */
    static final List<Parameter> PARAMETERS = List.of(
            Parameter.logScale("gamma_w", "weight-precision scale (bits)", Math.log(0.01), Math.log(100), 0, Math.log(3)),
            Parameter.logScale("gamma_a", "activation-precision scale (bits)", Math.log(0.01), Math.log(100), 0, Math.log(3)),
            Parameter.logScale("gamma_kv", "KV-cache-precision scale (bits)", Math.log(0.01), Math.log(100), 0, Math.log(3)),
            Parameter.linear("n_w", "weight-factor offset", -10, 10, 0, 1),
            Parameter.linear("n_a", "activation-factor offset", -10, 10, 0, 1),
            Parameter.linear("n_kv", "KV-cache-factor offset", -10, 10, 0, 1));

    private KumarEffectiveParameters() {
    }

    /**
     * log N_eff from log N and the three training precisions, with the constants from fit-space
     * index {@code at} of {@code t} in the order of {@link #PARAMETERS}; NaN where a factor is <= 0.
     */
    static double logNeff(double[] t, int at, double lnN, double pw, double pa, double pkv) {
        return lnN + logFactor(pw, Math.exp(t[at + GAMMA_W]), t[at + N_W])
                + logFactor(pa, Math.exp(t[at + GAMMA_A]), t[at + N_A])
                + logFactor(pkv, Math.exp(t[at + GAMMA_KV]), t[at + N_KV]);
    }

    /** log(1 − e^(n − P/γ)); NaN where the factor is not positive (P <= n γ). */
    static double logFactor(double bits, double gamma, double offset) {
        double x = bits / gamma - offset;
        return x > 0 ? log1mExpNeg(x) : Double.NaN;
    }

    /** log(1 − e^−x) for x > 0, accurate both for small x (where 1 − e^−x underflows) and large x. */
    static double log1mExpNeg(double x) {
        return x < Math.log(2) ? Math.log(-Math.expm1(-x)) : Math.log1p(-Math.exp(-x));
    }

    /**
     * The precision below which N_eff has no meaning: the largest n_x γ_x (0 when no offset is
     * positive), from natural-scale constants starting at index {@code at}.
     */
    static double floor(double[] natural, int at) {
        double f = 0;
        for (int x = 0; x < 3; x++) {
            f = Math.max(f, natural[at + N_W + x] * natural[at + GAMMA_W + x]);
        }
        return f;
    }

    /** N_eff itself, from natural-scale constants starting at index {@code at}. */
    static double value(double[] natural, int at, double n, double pw, double pa, double pkv) {
        double[] p = {pw, pa, pkv};
        double v = n;
        for (int x = 0; x < 3; x++) {
            v *= -Math.expm1(natural[at + N_W + x] - p[x] / natural[at + GAMMA_W + x]);
        }
        return v;
    }
}
