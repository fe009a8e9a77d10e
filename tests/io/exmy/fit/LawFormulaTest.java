package io.exmy.fit;

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

    @Test
    void kumarTraining() {
        Law law = new KumarPrecisionLaw(KumarPrecisionLaw.Mode.TRAINING);
        double[] c = law.preset("kumar2024"); // A, alpha, B, beta, E, gamma_w, gamma_a, gamma_kv
        for (double[] nd : SIZES) {
            for (double[] p : new double[][] {{16, 16, 16}, {4, 8, 3}, {0.5, 2, 1}}) {
                double neff = nd[0] * (1 - Math.exp(-p[0] / c[5])) * (1 - Math.exp(-p[1] / c[6])) * (1 - Math.exp(-p[2] / c[7]));
                double plain = c[0] / Math.pow(neff, c[1]) + c[2] / Math.pow(nd[1], c[3]) + c[4];
                close(plain, law.predict(c, new double[] {nd[0], nd[1], p[0], p[1], p[2]}));
                close(neff, KumarPrecisionLaw.effectiveParameters(c, nd[0], p[0], p[1], p[2]));
            }
        }
    }

    @Test
    void kumarPtq() {
        Law law = new KumarPrecisionLaw(KumarPrecisionLaw.Mode.PTQ);
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
        for (String id : List.of("chinchilla", "sun", "kumar", "kumar-ptq", "ouyang")) {
            Law law = Laws.builtIn(id);
            double[] c = law.preset(law.defaultPreset());
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
