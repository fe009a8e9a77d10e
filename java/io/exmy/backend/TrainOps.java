package io.exmy.backend;

import io.exmy.ops.AdamWStep;

/**
 * The training operations of a GPT-style decoder that are not matrix products (those go through
 * {@link MatmulOps}): embeddings, layer norm, GELU, bias, residual, the non-GEMM parts of causal
 * attention, the fused softmax + cross-entropy classifier, AdamW and the gradient norm. Activations
 * are float32, row-major (rows = B·T, columns = C); token ids and targets are {@link DType#I32}.
 *
 * <p>Every backend computes the same IEEE single-precision operations in the same order as the Java
 * reference ({@code io.exmy.ops}), so results agree bit for bit (NaN results are NaN everywhere, with
 * unspecified bit patterns). The exact definitions, the reduction orders and the math functions are
 * in docs/TRAINING_OPS.md; reference: {@code io.exmy.ops}; kernels: {@code cuda/encoder.cu},
 * {@code layernorm.cu}, {@code gelu.cu}, {@code attention.cu}, {@code rope.cu}, {@code crossentropy.cu},
 * {@code adamw.cu}, {@code elementwise.cu}.
 *
 * <p>Gradient conventions: parameter gradients (embedding tables, layer-norm weight and bias, biases)
 * are <em>accumulated</em> ({@code +=}), so micro-batches add up; the layer-norm input gradient is
 * accumulated too (it is the residual stream's); every other output is overwritten.
 */
public interface TrainOps {

    // ---- element-wise ----

    /** x[i] = value for i &lt; n. */
    void fill(DeviceBuffer x, long n, float value);

    /** x[i] = x[i] · factor for i &lt; n (gradient clipping). */
    void scale(DeviceBuffer x, long n, float factor);

    /** out[i] = a[i] + b[i] for i &lt; n (residual forward; gradient accumulation). out may be a or b. */
    void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n);

    /** out[r][c] = out[r][c] + bias[c] over a rows × cols matrix. */
    void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols);

    /**
     * dbias[c] += Σ_r dout[r][c], summed in the column order (chunks of 8 rows, chunk partials in warp
     * order).
     */
    void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols);

    /** out[i] = gelu(inp[i]), GPT-2's tanh approximation. out may be inp. */
    void geluForward(DeviceBuffer out, DeviceBuffer inp, long n);

    /** dinp[i] = gelu'(inp[i]) · dout[i]. dinp may be dout. */
    void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n);

    // ---- embeddings ----

    /**
     * out[b·T + t][c] = wte[tokens[b·T + t]][c] + wpe[t][c]: token embedding (wte has at least V rows
     * of C) plus learned position embedding (wpe at least T rows); with {@code wpe == null} (rotary
     * positions instead) out is the token embedding alone. A token outside [0, V) embeds as zeros.
     */
    void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T, int C,
                        int V);

    /**
     * dwte[v][c] += dout[r][c] over the rows r whose token is v, in ascending r; dwpe[t][c] +=
     * dout[b·T + t][c] in ascending b (skipped when {@code dwpe == null}). No atomics: each table row is
     * owned by one thread of work, so the sums are in that order on every backend.
     */
    void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B, int T,
                         int C, int V);

    // ---- layer norm ----

    /**
     * Per row of C: mean and rstd = 1/sqrt(var + eps) (both saved, one per row), out = fma((x − mean)·rstd,
     * weight, bias). Row sums in warp order.
     */
    void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp,
                          DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps);

    /**
     * dinp += the input gradient; dweight += Σ_rows norm·dout; dbias += Σ_rows dout (column order). Uses
     * the mean and rstd saved by the forward pass.
     */
    void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout,
                           DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows,
                           int C);

    // ---- attention (the products Q·Kᵀ and P·V are batched GEMMs) ----

    /**
     * Splits the fused projection qkv (B, T, 3, NH, HS) into q, k, v, each (B, NH, T, HS), ready for
     * batched strided GEMMs.
     */
    void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH,
                        int HS);

    /** The inverse layout: dqkv (B, T, 3, NH, HS) from dq, dk, dv (B, NH, T, HS). Overwrites dqkv. */
    void attentionSplitBackward(DeviceBuffer dqkv, DeviceBuffer dq, DeviceBuffer dk, DeviceBuffer dv, int B, int T,
                                int NH, int HS);

    /** out (B, T, NH, HS) = y (B, NH, T, HS) re-laid: the heads side by side for the output projection. */
    void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS);

    /** dy (B, NH, T, HS) from dout (B, T, NH, HS). */
    void attentionMergeBackward(DeviceBuffer dy, DeviceBuffer dout, int B, int T, int NH, int HS);

    /**
     * Causal softmax over {@code rows} rows of T scores (rows = B·NH·T; row r is query t = r mod T):
     * att[j] = exp((s[j] − max)·scale) / Σ for j ≤ t, 0 for j &gt; t. att may be preatt.
     */
    void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale);

    /** dpreatt[j] = (att[j]·(datt[j] − Σ_k att[k]·datt[k]))·scale for j ≤ t, else 0. dpreatt may be datt. */
    void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T,
                               float scale);

    /**
     * Rotary position embedding on rows of HS (row r at position r mod T, as in (B, NH, T, HS) q and k):
     * each pair (x[2i], x[2i+1]) is rotated by the angle in {@code table} (see {@link io.exmy.ops.Rope#table}).
     * out may be inp.
     */
    void ropeForward(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS);

    /** The transposed rotation (by −angle) of the gradient. dinp may be dout. */
    void ropeBackward(DeviceBuffer dinp, DeviceBuffer dout, DeviceBuffer table, int rows, int T, int HS);

    // ---- classifier ----

    /**
     * Fused softmax + cross-entropy over rows of logits (row stride Vp, the first V columns real):
     * losses[r] = log Σ_j exp(x_j − max) − (x_target − max), and, unless {@code dlogits == null},
     * dlogits[r][j] = (softmax_j − [j = target])·dloss for j &lt; V and 0 for the padding (dlogits may be
     * logits: the gradient overwrites them in place). A target outside [0, V) ignores the row: loss 0,
     * gradient 0.
     */
    void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets, int rows,
                      int V, int Vp, float dloss);

    // ---- optimizer ----

    /** One AdamW step on n parameters with their gradients and moments (see {@link AdamWStep}). */
    void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep step);

    /**
     * out[0] = Σ x[i]² over i &lt; n, in the chunk order (chunks of 8192 in warp order, the chunk partials
     * in warp order): the squared global gradient norm.
     */
    void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n);
}
