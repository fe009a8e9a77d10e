package io.exmy.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GPTQ on random layers with correlated inputs: its output error ‖WX − ŴX‖² is below
 * round-to-nearest's at 2, 3 and 4 bits, per channel, in groups, with act-order and symmetric;
 * the Cholesky factor it uses; dead columns; the lazy blocks change nothing but rounding.
 */
class GptqTest {
    static final int ROWS = 24;
    static final int COLS = 96;
    static final int N = 600;

    /** Inputs with correlated columns of unequal scale (as activations are): X = Z·A, A random with a decaying spectrum. */
    static float[] inputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[COLS * COLS];
        for (int i = 0; i < COLS; i++) {
            for (int j = 0; j < COLS; j++) {
                a[i * COLS + j] = gauss(r) / (1 + 0.1 * i);
            }
        }
        float[] x = new float[N * COLS];
        double[] z = new double[COLS];
        for (int t = 0; t < N; t++) {
            for (int i = 0; i < COLS; i++) {
                z[i] = gauss(r);
            }
            for (int j = 0; j < COLS; j++) {
                double s = 0;
                for (int i = 0; i < COLS; i++) {
                    s += z[i] * a[i * COLS + j];
                }
                x[t * COLS + j] = (float) s;
            }
        }
        return x;
    }

    static float[] weights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[ROWS * COLS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.05 * gauss(r));
        }
        return w;
    }

    static double gauss(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** H = 2/n XᵀX. */
    static double[] hessian(float[] x, int n, int cols) {
        double[] h = new double[cols * cols];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < cols; i++) {
                double xi = x[t * cols + i];
                for (int j = 0; j < cols; j++) {
                    h[i * cols + j] += xi * x[t * cols + j];
                }
            }
        }
        for (int i = 0; i < h.length; i++) {
            h[i] *= 2.0 / n;
        }
        return h;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4})
    void gptqBeatsRoundToNearestOnRandomLayers(int bits) {
        float[] x = inputs(1);
        float[] w = weights(2);
        double[] h = hessian(x, N, COLS);
        for (boolean sym : new boolean[] {false, true}) {
            IntGrid grid = new IntGrid(bits, sym);
            for (int group : new int[] {0, 32}) {
                for (boolean actOrder : new boolean[] {false, true}) {
                    double rtn = Gptq.outputError(w, Rtn.quantize(w, ROWS, COLS, grid, group).q(), ROWS, COLS, x, N);
                    QuantizedLayer g = Gptq.quantize(w, ROWS, COLS, h, grid, group, actOrder, Gptq.BLOCK, Gptq.DAMP);
                    double gptq = Gptq.outputError(w, g.q(), ROWS, COLS, x, N);
                    String what = bits + " bits sym " + sym + " group " + group + " act-order " + actOrder
                            + ": gptq " + gptq + " rtn " + rtn;
                    assertTrue(gptq < 0.8 * rtn, what);
                }
            }
        }
    }

    @Test
    void codesScalesAndZerosReproduceTheWeights() {
        float[] x = inputs(3);
        float[] w = weights(4);
        IntGrid grid = new IntGrid(3, false);
        QuantizedLayer g = Gptq.quantize(w, ROWS, COLS, hessian(x, N, COLS), grid, 32, true, 16, Gptq.DAMP);
        assertEquals(3, g.groups());
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                int k = g.groupOf()[c];
                IntGrid.Params p = new IntGrid.Params(g.scales()[r * 3 + k], g.zeros()[r * 3 + k]);
                int code = g.codes()[r * COLS + c];
                assertTrue(code >= 0 && code <= 7, "code " + code);
                assertEquals(Float.floatToRawIntBits(IntGrid.value(code, p)), Float.floatToRawIntBits(g.q()[r * COLS + c]));
            }
        }
        // with act-order every group holds 32 columns, not necessarily consecutive ones
        int[] count = new int[3];
        for (int c : g.groupOf()) {
            count[c]++;
        }
        assertEquals(32, count[0]);
        assertEquals(32, count[2]);
    }

    @Test
    void lazyBlocksOnlyReorderTheArithmetic() {
        // one block of all columns, blocks of 7 and blocks of 1: the same algorithm in exact arithmetic,
        // so the errors agree to rounding (a code can flip where a value sits on a rounding boundary)
        float[] x = inputs(5);
        float[] w = weights(6);
        double[] h = hessian(x, N, COLS);
        IntGrid grid = new IntGrid(4, false);
        double[] e = new double[3];
        int[] sizes = {COLS, 7, 1};
        for (int i = 0; i < 3; i++) {
            e[i] = Gptq.outputError(w, Gptq.quantize(w, ROWS, COLS, h, grid, 0, false, sizes[i], Gptq.DAMP).q(),
                    ROWS, COLS, x, N);
        }
        assertEquals(e[0], e[1], 1e-3 * e[0]);
        assertEquals(e[0], e[2], 1e-3 * e[0]);
    }

    @Test
    void deadColumnsQuantizeToZero() {
        float[] x = inputs(7);
        for (int t = 0; t < N; t++) {
            x[t * COLS + 5] = 0; // input 5 is never active
        }
        float[] w = weights(8);
        QuantizedLayer g = Gptq.quantize(w, ROWS, COLS, hessian(x, N, COLS), new IntGrid(4, false), 0, true,
                Gptq.BLOCK, Gptq.DAMP);
        for (int r = 0; r < ROWS; r++) {
            assertEquals(0f, g.q()[r * COLS + 5], "row " + r);
        }
    }

    @Test
    void choleskyFactorOfTheInverse() {
        int n = 9;
        double[] a = hessian(inputs(9), 40, COLS);
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i * n + j] = a[i * COLS + j] + (i == j ? 0.1 : 0);
            }
        }
        double[] u = Cholesky.upperOfInverse(h, n);
        // Uᵀ·U·H = I, and U is upper triangular
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i > j) {
                    assertEquals(0.0, u[i * n + j]);
                }
                double s = 0;
                for (int k = 0; k < n; k++) {
                    double utu = 0;
                    for (int m = 0; m < n; m++) {
                        utu += u[m * n + i] * u[m * n + k];
                    }
                    s += utu * h[k * n + j];
                }
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-9, "(" + i + "," + j + ")");
            }
        }
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> Cholesky.lower(new double[] {1, 2, 2, 1}, 2));
        assertTrue(e.getMessage().contains("damp"), e.getMessage());
    }
}
