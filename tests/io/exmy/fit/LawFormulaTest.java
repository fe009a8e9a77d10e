package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.law.ExpressionLaw;
import io.exmy.fit.law.KumarPtqLaw;
import io.exmy.fit.law.KumarTrainingLaw;
import io.exmy.fit.law.KumarUnifiedLaw;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import io.exmy.fit.law.OuyangQidLaw;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.solve.Convergence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each law's fit-space, log-sum-exp implementation against its formula written out plainly, at
 * the published constants: the fitters only ever see the former, users read the latter.
 */
class LawFormulaTest {
    private static final double[][] SIZES = {{1e8, 2e9}, {1e9, 2e10}, {7e10, 1.4e12}, {3e7, 1e12}};

    private static void close(double expected, double actual) {
        assertEquals(expected, actual, 1e-12 * Math.abs(expected));
    }

    @Test
    void chinchilla() {
        Law law = new ChinchillaLaw();
        double[] c = law.preset("hoffmann2022"); // E, A, B, alpha, beta
        for (double[] nd : SIZES) {
            double plain = c[0] + c[1] / Math.pow(nd[0], c[3]) + c[2] / Math.pow(nd[1], c[4]);
            close(plain, law.predict(c, nd));
        }
        // Chinchilla-70B at 1.4T tokens with Hoffmann's constants: the paper's ~1.94 nats.
        assertEquals(1.937, law.predict(c, new double[] {70e9, 1.4e12}), 0.005);
    }

    @Test
    void sun() {
        Law law = new SunFpLaw();
        double[] c = law.preset("sun2025");
        double n = c[0], alpha = c[1], d = c[2], beta = c[3], eps = c[4], gamma = c[5], delta = c[6], nu = c[7];
        for (double[] nd : SIZES) {
            for (double[] emb : new double[][] {{2, 1, 32}, {4, 3, 128}, {8, 7, SunFpLaw.CHANNEL_B}, {0, 3, 2}}) {
                double log2B = Math.log(emb[2]) / Math.log(2);
                double plain = n / Math.pow(nd[0], alpha) + d / Math.pow(nd[1], beta) + eps
                        + Math.pow(nd[1], beta) / Math.pow(nd[0], alpha) * log2B
                        / (gamma * Math.pow(emb[0] + 0.5, delta) * Math.pow(emb[1] + 0.5, nu));
                close(plain, law.predict(c, new double[] {nd[0], nd[1], emb[0], emb[1], emb[2]}));
            }
        }
        assertEquals(13.1567, Math.log(SunFpLaw.CHANNEL_B) / Math.log(2), 1e-12);
    }

    /** App. K's fitted factor: 1 - e^(n_x - P_x/gamma_x), written out. */
    private static double factor(double bits, double gamma, double offset) {
        return 1 - Math.exp(offset - bits / gamma);
    }

    @Test
    void kumarTraining() {
        Law law = new KumarTrainingLaw();
        // A, alpha, B, beta, E, gamma_w, gamma_a, gamma_kv, n_w, n_a, n_kv
        double[] c = law.preset("kumar2024");
        assertEquals(List.of(4299.0, 0.4965, 18060.0, 0.4965, 2.7648, 2.6745, 2.2102, 0.9578, 0.3037, 1.4072, 2.4185),
                java.util.Arrays.stream(c).boxed().toList(), "App. K, Table 2 (LAWS.md), beta = alpha");
        for (double[] nd : SIZES) {
            for (double[] p : new double[][] {{16, 16, 16}, {4, 8, 3}, {3.5, 4, 2.5}}) {
                double neff = nd[0] * factor(p[0], c[5], c[8]) * factor(p[1], c[6], c[9]) * factor(p[2], c[7], c[10]);
                double plain = c[0] / Math.pow(neff, c[1]) + c[2] / Math.pow(nd[1], c[3]) + c[4];
                close(plain, law.predict(c, new double[] {nd[0], nd[1], p[0], p[1], p[2]}));
                close(neff, KumarTrainingLaw.effectiveParameters(c, nd[0], p[0], p[1], p[2]));
            }
        }
        // With the offsets a factor vanishes at P = n gamma (3.11 bits for activations) and the law has no prediction below.
        assertTrue(Double.isNaN(law.predict(c, new double[] {1e9, 1e10, 8, 3, 8})));
        assertEquals(1.4072 * 2.2102, ((KumarTrainingLaw) law).precisionFloor(c), 1e-12);
    }

    @Test
    void kumarPtq() {
        Law law = new KumarPtqLaw();
        assertEquals("delta_loss", law.target());
        double[] c = law.preset("kumar2024"); // C_T, gamma_D, gamma_N, gamma_post
        for (double[] nd : SIZES) {
            for (double p : new double[] {2, 4, 8}) {
                double plain = c[0] * Math.pow(nd[1], c[1]) / Math.pow(nd[0], c[2]) * Math.exp(-p / c[3]);
                close(plain, law.predict(c, new double[] {nd[0], nd[1], p}));
            }
        }
    }

    @Test
    void kumarUnified() {
        Law law = new KumarUnifiedLaw();
        double[] c = Synthetic.kumarUnifiedTruth();
        // A, alpha, B, beta, E, gamma_w, gamma_a, gamma_kv, n_w, n_a, n_kv, C_T, gamma_D, gamma_N, gamma_post, C_w, C_a, C_kv
        assertEquals(18, c.length);
        double[][] settings = { // P_w, P_a, P_kv, P_post
            {8, 8, 8, 4}, {16, 6, 4, 3}, {5, 8, 16, 2}, {8, 8, 8, 8}, {4, 8, 8, 6}};
        for (double[] nd : SIZES) {
            for (double[] s : settings) {
                double neff = nd[0] * factor(s[0], c[5], c[8]) * factor(s[1], c[6], c[9]) * factor(s[2], c[7], c[10]);
                double product = 1;
                for (int x = 0; x < 3; x++) {
                    product *= Math.max(0, 1 - Math.exp(-c[15 + x] * (s[x] - s[3])));
                }
                double ptq = c[11] * Math.exp(-s[3] / c[14]) * Math.pow(nd[1], c[12]) / Math.pow(neff, c[13]) * product;
                double plain = c[0] / Math.pow(neff, c[1]) + c[2] / Math.pow(nd[1], c[3]) + c[4] + ptq;
                close(plain, law.predict(c, new double[] {nd[0], nd[1], s[0], s[1], s[2], s[3]}));
            }
            // Kept at its training precision (P_post = P_x) or quantized to more bits than trained: no degradation,
            // the training law's loss exactly.
            Law training = new KumarTrainingLaw();
            double[] tc = java.util.Arrays.copyOf(c, 11);
            for (double[] s : new double[][] {{8, 8, 8, 8}, {4, 8, 8, 6}}) {
                close(training.predict(tc, new double[] {nd[0], nd[1], s[0], s[1], s[2]}),
                        law.predict(c, new double[] {nd[0], nd[1], s[0], s[1], s[2], s[3]}));
            }
        }
        // The published constants leave C_w, C_a, C_kv unset: App. K gives none.
        double[] published = law.preset("kumar2024");
        assertTrue(Double.isNaN(published[15]) && Double.isNaN(published[16]) && Double.isNaN(published[17]));
        assertEquals(java.util.Arrays.stream(new KumarTrainingLaw().preset("kumar2024")).boxed().toList(),
                java.util.Arrays.stream(java.util.Arrays.copyOf(published, 11)).boxed().toList());
        assertEquals(List.of(0.0598, 0.5068, 0.3439, 0.5907),
                java.util.Arrays.stream(java.util.Arrays.copyOfRange(published, 11, 15)).boxed().toList());
    }

    @Test
    void ouyang() {
        Law law = new OuyangQidLaw();
        double[] c = law.preset("ouyang2024"); // k, beta, alpha, gamma
        assertEquals(List.of(0.017, 0.5251, 0.2261, 5.4967), List.of(c[0], c[1], c[2], c[3]));
        for (double[] nd : SIZES) {
            for (double p : new double[] {2, 3, 4, 8}) {
                double plain = c[0] * Math.pow(nd[1], c[1]) / (Math.pow(nd[0], c[2]) * Math.pow(p, c[3]));
                close(plain, law.predict(c, new double[] {nd[0], nd[1], p}));
            }
        }
    }

    @Test
    void expressionLawMatchesChinchilla() {
        Law e = new ExpressionLaw("E + A/N^alpha + B/D^beta", "loss", List.of("N", "D"),
                List.of("E", "A", "alpha", "B", "beta"), List.of("E", "A", "B"), Map.of());
        Law ch = new ChinchillaLaw();
        double[] c = ch.preset("besiroglu2024"); // E, A, B, alpha, beta
        double[] ce = {c[0], c[1], c[3], c[2], c[4]};
        for (double[] nd : SIZES) {
            close(ch.predict(c, nd), e.predict(ce, nd));
        }
        assertTrue(e.parameters().get(1).positive());
        assertTrue(!e.parameters().get(2).positive());
    }

    @Test
    void fitSpaceRoundTrip() {
        for (String id : List.of("chinchilla", "sun", "kumar", "kumar-ptq", "kumar-unified", "ouyang")) {
            Law law = Laws.builtIn(id);
            double[] c = id.equals("kumar-unified") ? Synthetic.kumarUnifiedTruth() : law.preset(law.defaultPreset());
            double[] back = law.toNatural(law.toFit(c));
            for (int i = 0; i < c.length; i++) {
                close(c[i], back[i]);
            }
            // Published constants must lie strictly inside the fit bounds, or fits could never reach them.
            assertTrue(Convergence.problems(law, law.toFit(c)).isEmpty(), id);
        }
    }

    @Test
    void unknownLawAndPreset() {
        assertThrows(FitException.class, () -> Laws.builtIn("gpt"));
        assertThrows(FitException.class, () -> new ChinchillaLaw().preset("nope"));
        assertThrows(FitException.class, () -> Laws.builtIn("expr"));
    }
}
