package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.data.Batch;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole model's backward pass against finite differences of its loss, on the Java reference,
 * for every parameter tensor.
 *
 * <p>The model computes in float32, so a loss L ≈ 3 carries rounding noise of order 1e-7·L. A
 * central difference along a unit direction u of one tensor with step h has error
 * ≈ noise/h + h²·|L'''|/6; directions are the tensor's own analytic gradient (normalised: the
 * directional derivative is then the gradient's whole norm, large against the noise) and a random
 * unit direction. With h = 1e-2 the measured disagreement is at most 7e-4 relative for
 * derivatives above 1e-2 and below 3e-6 absolute for smaller ones; differences of the float
 * losses are taken in double and divided by the perturbation actually applied after rounding the
 * parameters to float. The tolerance, 1% relative or 1e-5 absolute, is over ten times that, while
 * a wrong backward formula is not: scaling the attention softmax gradient by 1.05 makes this test
 * fail by 28% on the token embedding.
 */
class ModelGradientCheckTest {
    static final int B = 2;

    static Batch batch(ModelConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = B * c.context();
        int[] in = new int[n];
        int[] tg = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = r.nextInt(c.vocab());
            tg[i] = r.nextInt(c.vocab());
        }
        return new Batch(B, c.context(), in, tg);
    }

    @ParameterizedTest
    @EnumSource(ModelConfig.Positions.class)
    void everyTensorsGradientMatchesFiniteDifferences(ModelConfig.Positions pos) {
        ModelConfig c = new ModelConfig(2, 16, 2, 8, 24, pos);
        Batch batch = batch(c, 5);
        try (Backend be = Backends.open("java"); Gpt model = new Gpt(be, c, B, QuantTargets.none(), false)) {
            float[] p0 = Gpt2Init.parameters(model.layout(), 3);
            // larger weights than GPT-2's 0.02 so that every path carries gradient of a testable size
            SplittableRandom r = new SplittableRandom(9);
            for (ParameterLayout.Tensor t : model.layout().tensors()) {
                for (long i = t.offset(); i < t.offset() + t.size(); i++) {
                    p0[(int) i] += (float) (0.2 * r.nextGaussian());
                }
            }
            model.loadParameters(p0);
            model.forward(batch, true);
            model.backward();
            float[] g = model.downloadGradients();
            int checked = 0;
            for (ParameterLayout.Tensor t : model.layout().tensors()) {
                double[] dirGrad = new double[(int) t.size()];
                double norm = 0;
                for (int i = 0; i < dirGrad.length; i++) {
                    dirGrad[i] = g[(int) t.offset() + i];
                    norm += dirGrad[i] * dirGrad[i];
                }
                norm = Math.sqrt(norm);
                assertTrue(norm > 1e-6, t.name() + " has no gradient: " + norm);
                double[] random = new double[dirGrad.length];
                double rn = 0;
                for (int i = 0; i < random.length; i++) {
                    random[i] = r.nextGaussian();
                    rn += random[i] * random[i];
                }
                rn = Math.sqrt(rn);
                for (int i = 0; i < dirGrad.length; i++) {
                    dirGrad[i] /= norm;
                    random[i] /= rn;
                }
                for (double[] u : new double[][] {dirGrad, random}) {
                    double analytic = 0;
                    for (int i = 0; i < u.length; i++) {
                        analytic += g[(int) t.offset() + i] * u[i];
                    }
                    double numeric = centralDifference(model, batch, p0, t, u, 1e-2);
                    double tol = Math.max(1e-5, 0.01 * Math.abs(analytic));
                    assertEquals(analytic, numeric, tol, t.name() + " (" + (u == dirGrad ? "gradient" : "random")
                            + " direction)");
                    checked++;
                }
            }
            assertEquals(2 * model.layout().tensors().size(), checked);
        }
    }

    private static double centralDifference(Gpt model, Batch batch, float[] p0, ParameterLayout.Tensor t, double[] u,
                                            double h) {
        float[] plus = p0.clone();
        float[] minus = p0.clone();
        for (int i = 0; i < u.length; i++) {
            int k = (int) t.offset() + i;
            plus[k] = (float) (p0[k] + h * u[i]);
            minus[k] = (float) (p0[k] - h * u[i]);
        }
        model.loadParameters(plus);
        double lp = model.forward(batch, false);
        model.loadParameters(minus);
        double lm = model.forward(batch, false);
        model.loadParameters(p0);
        // the perturbation actually applied, after rounding the parameters to float
        double applied = 0;
        for (int i = 0; i < u.length; i++) {
            int k = (int) t.offset() + i;
            applied += ((double) plus[k] - minus[k]) * u[i];
        }
        return (lp - lm) / applied;
    }
}
