package io.exmy.ptq;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * GPTQ (Frantar et al. 2022, arXiv 2210.17323) for one linear layer, as the reference code does it
 * (IST-DASLab/gptq, {@code gptq.py} {@code GPTQ.fasterquant}, commit 9f2abd32), in double
 * precision with the {@link IntGrid} quantizer in float32:
 *
 * <ol>
 * <li>per-channel parameters from the unmodified weights (before dead columns are zeroed);</li>
 * <li>dead columns (H_ii = 0: the input is always zero) get H_ii = 1 and zero weights;</li>
 * <li>act-order: columns in order of decreasing H_ii (a stable sort: ties keep index order);</li>
 * <li>damping: H += λ·I with λ = {@code percDamp} × mean(diag H);</li>
 * <li>U upper triangular with UᵀU = H⁻¹;</li>
 * <li>columns in lazy blocks of {@code blockSize}: each column quantized, its error
 *     e = (w − q)/U_jj fed back to the block's later columns (w_k −= e·U_jk), and at the end of
 *     the block to all later columns at once (W[:, i2:] −= E·U[i1:i2, i2:]);</li>
 * <li>groups: at the first column of each group of {@code group} columns (in the processing order,
 *     so with act-order the groups of the permuted order), the group's parameters are taken from
 *     the weights as updated by the earlier blocks — like the reference, which reads them from
 *     its W rather than from the block's working copy, so a group that starts inside a block
 *     does not see that block's earlier error feedback.</li>
 * </ol>
 *
 * The reference runs in float32 on the GPU; here the linear algebra is double and the quantizer
 * float32, so the result is a deterministic function of (W, H) on every JVM.
 */
public final class Gptq {
    public static final int BLOCK = 128;
    public static final double DAMP = 0.01;

    private Gptq() {
    }

    /** The group length: {@code group} if in 1 … cols, else the whole row. */
    static int groupLength(int group, int cols) {
        return group > 0 && group < cols ? group : cols;
    }

    /**
     * Quantizes W (rows × cols, row-major) given H (cols × cols, row-major: 2/n Σ x·xᵀ over the
     * calibration inputs); {@code group} ≤ 0 means per channel.
     */
    public static QuantizedLayer quantize(float[] w, int rows, int cols, double[] hessian, IntGrid grid, int group,
                                          boolean actOrder, int blockSize, double percDamp) {
        if (hessian.length != cols * cols) {
            throw new IllegalArgumentException("H has " + hessian.length + " elements, expected " + cols + "² = " + cols * cols);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        }
        int g = groupLength(group, cols);
        boolean grouped = g < cols;
        int groups = (cols + g - 1) / g;
        IntGrid.Params[] cur = new IntGrid.Params[rows];
        if (!grouped) {
            for (int r = 0; r < rows; r++) {
                cur[r] = grid.fit(w, r * cols, 1, cols);
            }
        }
        double[] h = hessian.clone();
        double[] W0 = new double[rows * cols];
        for (int i = 0; i < W0.length; i++) {
            W0[i] = w[i];
        }
        for (int c = 0; c < cols; c++) {
            if (h[c * cols + c] == 0) {
                h[c * cols + c] = 1;
                for (int r = 0; r < rows; r++) {
                    W0[r * cols + c] = 0;
                }
            }
        }
        int[] perm = IntStream.range(0, cols).toArray();
        if (actOrder) {
            double[] diag = new double[cols];
            for (int c = 0; c < cols; c++) {
                diag[c] = h[c * cols + c];
            }
            perm = IntStream.range(0, cols).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -diag[c]))
                    .mapToInt(Integer::intValue).toArray();
        }
        // W and H in processing order
        double[] W = new double[rows * cols];
        double[] H = new double[cols * cols];
        for (int j = 0; j < cols; j++) {
            for (int r = 0; r < rows; r++) {
                W[r * cols + j] = W0[r * cols + perm[j]];
            }
            for (int k = 0; k < cols; k++) {
                H[j * cols + k] = h[perm[j] * cols + perm[k]];
            }
        }
        double mean = 0;
        for (int c = 0; c < cols; c++) {
            mean += H[c * cols + c];
        }
        double damp = percDamp * (mean / cols);
        for (int c = 0; c < cols; c++) {
            H[c * cols + c] += damp;
        }
        double[] U = Cholesky.upperOfInverse(H, cols);

        float[] q = new float[rows * cols];
        byte[] codes = new byte[rows * cols];
        float[] scales = new float[rows * groups];
        byte[] zeros = new byte[rows * groups];
        if (!grouped) {
            for (int r = 0; r < rows; r++) {
                scales[r] = cur[r].scale();
                zeros[r] = (byte) (int) cur[r].zero();
            }
        }
        float[] span = new float[g];
        double loss = 0;
        for (int i1 = 0; i1 < cols; i1 += blockSize) {
            int i2 = Math.min(i1 + blockSize, cols);
            int count = i2 - i1;
            double[] W1 = new double[rows * count];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(W, r * cols + i1, W1, r * count, count);
            }
            double[] err = new double[rows * count];
            for (int i = 0; i < count; i++) {
                int col = i1 + i;
                if (grouped && col % g == 0) {
                    int n = Math.min(g, cols - col);
                    int k = col / g;
                    for (int r = 0; r < rows; r++) {
                        for (int t = 0; t < n; t++) {
                            span[t] = (float) W[r * cols + col + t];
                        }
                        cur[r] = grid.fit(span, 0, 1, n);
                        scales[r * groups + k] = cur[r].scale();
                        zeros[r * groups + k] = (byte) (int) cur[r].zero();
                    }
                }
                double d = U[col * cols + col];
                for (int r = 0; r < rows; r++) {
                    double wv = W1[r * count + i];
                    int code = grid.code((float) wv, cur[r]);
                    float qv = IntGrid.value(code, cur[r]);
                    q[r * cols + col] = qv;
                    codes[r * cols + col] = (byte) code;
                    double e = (wv - qv) / d;
                    loss += e * e / 2;
                    for (int j = i; j < count; j++) {
                        W1[r * count + j] -= e * U[col * cols + i1 + j];
                    }
                    err[r * count + i] = e;
                }
            }
            // lazy batch update of the columns after the block
            for (int r = 0; r < rows; r++) {
                for (int j = i2; j < cols; j++) {
                    double s = 0;
                    for (int i = 0; i < count; i++) {
                        s += err[r * count + i] * U[(i1 + i) * cols + j];
                    }
                    W[r * cols + j] -= s;
                }
            }
        }
        // back to the original column order
        float[] qOut = new float[rows * cols];
        byte[] cOut = new byte[rows * cols];
        int[] groupOf = new int[cols];
        for (int j = 0; j < cols; j++) {
            int c = perm[j];
            groupOf[c] = j / g;
            for (int r = 0; r < rows; r++) {
                qOut[r * cols + c] = q[r * cols + j];
                cOut[r * cols + c] = codes[r * cols + j];
            }
        }
        return new QuantizedLayer(rows, cols, qOut, cOut, scales, zeros, groups, groupOf, loss);
    }

    /** ‖W·X − Ŵ·X‖²: the layer's output error on inputs X (n × cols, row-major), summed in double. */
    public static double outputError(float[] w, float[] wq, int rows, int cols, float[] x, int n) {
        double sum = 0;
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                double d = 0;
                for (int c = 0; c < cols; c++) {
                    d += ((double) w[r * cols + c] - wq[r * cols + c]) * x[t * cols + c];
                }
                sum += d * d;
            }
        }
        return sum;
    }

}
