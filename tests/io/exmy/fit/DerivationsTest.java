package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.law.ChinchillaLaw;
import io.exmy.fit.law.KumarTrainingLaw;
import io.exmy.fit.law.KumarUnifiedLaw;
import io.exmy.fit.law.SunFpLaw;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.solve.LawFitter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DerivationsTest {
    private final SunFpLaw sun = new SunFpLaw();
    private final double[] published = sun.preset("sun2025");
    private final Derivations d = new Derivations(sun, published);

    @Test
    void publishedConstantsGiveTheStandardFormats() {
        assertEquals("E2M1", d.bestSplit(4).format());
        assertEquals("E4M3", d.bestSplit(8).format());
        assertEquals("E8M7", d.bestSplit(16).format());
    }

    @Test
    void bestIntegerSplitMinimisesThePredictedLoss() {
        // Independently of the closed form: the best pair must give the lowest loss at any N, D, B.
        for (int p = 2; p <= 16; p++) {
            Derivations.Split s = d.bestSplit(p);
            for (double[] ndb : new double[][] {{1e8, 1e10, 32}, {1e9, 1e12, SunFpLaw.CHANNEL_B}}) {
                double best = sun.predict(published, new double[] {ndb[0], ndb[1], s.bestE(), s.bestM(), ndb[2]});
                for (int e = 0; e <= p - 1; e++) {
                    double l = sun.predict(published, new double[] {ndb[0], ndb[1], e, p - 1 - e, ndb[2]});
                    assertTrue(best <= l, p + " bits: E" + e + " beats " + s.format());
                }
            }
            assertEquals(p - 1, s.exponent() + s.mantissa(), 1e-12);
        }
    }

    @Test
    void continuousSplitIsStationary() {
        double delta = published[SunFpLaw.DELTA], nu = published[SunFpLaw.NU];
        for (int p = 4; p <= 16; p += 4) {
            Derivations.Split s = d.bestSplit(p);
            // d/dE [delta ln(E+.5) + nu ln(P-1-E+.5)] = 0
            assertEquals(0, delta / (s.exponent() + 0.5) - nu / (s.mantissa() + 0.5), 1e-12);
        }
    }

    @Test
    void criticalDataSizeIsTheMinimumOverD() {
        double n = 1e9, b = SunFpLaw.CHANNEL_B;
        for (int[] em : new int[][] {{2, 1}, {4, 3}, {1, 1}}) {
            double dc = d.criticalData(n, em[0], em[1], b);
            double at = d.loss(n, dc, em[0], em[1], b);
            assertTrue(at < d.loss(n, dc * 0.9, em[0], em[1], b));
            assertTrue(at < d.loss(n, dc * 1.1, em[0], em[1], b));
        }
        // More precision pushes D_crit out; bigger models too.
        assertTrue(d.criticalData(n, 4, 3, b) > d.criticalData(n, 2, 1, b));
        assertTrue(d.criticalData(10 * n, 2, 1, b) > d.criticalData(n, 2, 1, b));
        assertThrows(FitException.class, () -> d.criticalData(n, 2, 1, 1));
    }

    @Test
    void computeOptimalSizeMatchesBruteForce() {
        double c = 1e21, k = 6.0 / 16;
        List<Derivations.ComputePoint> pts = d.computeOptimal(c, k, 4, 8, SunFpLaw.CHANNEL_B);
        assertEquals(5, pts.size());
        for (Derivations.ComputePoint p : pts) {
            assertEquals(c, k * p.bits() * p.n() * p.d(), 1e-6 * c, "budget is spent exactly");
            double brute = Double.POSITIVE_INFINITY;
            for (double x = Math.log(1e6); x < Math.log(1e13); x += 0.001) {
                double n = Math.exp(x);
                brute = Math.min(brute, d.loss(n, c / (k * p.bits() * n), p.e(), p.m(), SunFpLaw.CHANNEL_B));
            }
            assertTrue(p.loss() <= brute + 1e-9, p + " vs brute force " + brute);
        }
        Derivations.ComputePoint cont = d.continuousComputeOptimal(c, k, 2, 16, SunFpLaw.CHANNEL_B);
        double bestInt = pts.stream().mapToDouble(Derivations.ComputePoint::loss).min().orElseThrow();
        assertTrue(cont.loss() <= bestInt + 1e-9, "a continuous optimum cannot be worse than the best integer one");
        // Sun et al.: the best cost-performance precision lies between 4 and 8 bits.
        assertTrue(cont.bits() >= 4 && cont.bits() <= 8, "continuous optimum " + cont.bits());
    }

    /**
     * Kumar's law depends on N and P only through N_eff = N f(P), and C = k P N D on them only through
     * N P; so at fixed N P the loss falls as f(P)/P rises, and the compute-optimal precision maximises
     * f(P)/P whatever C, A, B, alpha, beta and E are. Checked here against that maximum computed
     * directly, for App. K's factors with their offsets (7.00 bits) and without them (3.47 bits).
     */
    @Test
    void kumarComputeOptimalPrecisionMaximisesNeffPerBit() {
        KumarTrainingLaw k = new KumarTrainingLaw();
        double[] published = k.preset("kumar2024");
        double[] noOffsets = published.clone();
        noOffsets[8] = noOffsets[9] = noOffsets[10] = 0;
        for (double[] c : new double[][] {published, noOffsets}) {
            Derivations kd = new Derivations(k, c);
            double p1 = kd.continuousComputeOptimal(1e20, 0.375, 2, 16, 0).bits();
            double p2 = kd.continuousComputeOptimal(1e24, 0.375, 2, 16, 0).bits();
            assertEquals(p1, p2, 1e-3, "independent of the budget");
            double best = 0, bestP = 0;
            for (double p = 2; p <= 16; p += 1e-4) {
                double perBit = KumarTrainingLaw.effectiveParameters(c, 1, p, p, p) / p;
                if (perBit > best) {
                    best = perBit;
                    bestP = p;
                }
            }
            assertEquals(bestP, p1, 2e-3, "the maximum of N_eff/(N P)");
        }
        assertEquals(7.00, new Derivations(k, published).continuousComputeOptimal(1e21, 0.375, 2, 16, 0).bits(), 0.01);
        assertEquals(3.47, new Derivations(k, noOffsets).continuousComputeOptimal(1e21, 0.375, 2, 16, 0).bits(), 0.01);
        // Below the floor (n_a gamma_a = 3.11 bits) there is no prediction, so no integer width below 4 is offered.
        Derivations kd = new Derivations(k, published);
        assertEquals(4, kd.computeOptimal(1e21, 0.375, 2, 16, 0).get(0).bits());
        assertThrows(FitException.class, () -> kd.bestSplit(8));
        assertThrows(FitException.class, () -> new Derivations(new ChinchillaLaw(), new ChinchillaLaw().preset("hoffmann2022")));
        // The unified law's published constants leave C_x unset: a derivation asks for them.
        KumarUnifiedLaw u = new KumarUnifiedLaw();
        assertTrue(assertThrows(FitException.class, () -> new Derivations(u, u.preset("kumar2024"))).getMessage()
                .contains("--const C_w"));
        // Without post-training quantization the unified law is the training law: the same optimum.
        assertEquals(kd.continuousComputeOptimal(1e21, 0.375, 2, 16, 0).bits(),
                new Derivations(u, Synthetic.kumarUnifiedTruth()).continuousComputeOptimal(1e21, 0.375, 2, 16, 0).bits(), 1e-9);
    }

    @Test
    void fittedSunLawStillGivesStandardFormats() {
        // Derivations work from fitted constants too: recovered constants keep the published answers.
        Dataset data = Synthetic.sun(published, 400, 0.002, 1);
        FitResult r = LawFitter.fit(FitProblem.of(sun, data, false), new HuberFitter(), FitOptions.pointOnly());
        Derivations fd = new Derivations(sun, r.estimates());
        assertEquals("E2M1", fd.bestSplit(4).format());
        assertEquals("E4M3", fd.bestSplit(8).format());
        assertEquals("E8M7", fd.bestSplit(16).format());
    }
}
