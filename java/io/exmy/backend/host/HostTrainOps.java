package io.exmy.backend.host;

import com.sun.jna.Pointer;
import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.TrainChecks;
import io.exmy.backend.TrainOps;
import io.exmy.ops.AdamWStep;

/** {@link TrainOps} of the host backend: {@code cuda/host/exmy_host_train.cpp} through JNA. */
final class HostTrainOps implements TrainOps {
    private final Backend backend;
    private final HostLibrary lib;
    private final int threads;

    HostTrainOps(Backend backend, HostLibrary lib, int threads) {
        this.backend = backend;
        this.lib = lib;
        this.threads = threads;
    }

    private Pointer p(DeviceBuffer b) {
        if (b == null) {
            return null;
        }
        Checks.owned(backend, b);
        return ((NativeBuffer) b).pointer();
    }

    /** The floats of exmy_adamw_params, in its field order. */
    static float[] adamWords(AdamWStep s) {
        return new float[] {s.learningRate(), s.beta1(), s.beta2(), s.oneMinusBeta1(), s.oneMinusBeta2(),
                s.biasCorrection1(), s.biasCorrection2(), s.eps(), s.weightDecay(), s.gradScale()};
    }

    @Override
    public void fill(DeviceBuffer x, long n, float value) {
        TrainChecks.elementwise(backend, n, x);
        lib.exmy_host_train_fill(p(x), n, value, threads);
    }

    @Override
    public void scale(DeviceBuffer x, long n, float factor) {
        TrainChecks.elementwise(backend, n, x);
        lib.exmy_host_train_scale(p(x), n, factor, threads);
    }

    @Override
    public void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n) {
        TrainChecks.elementwise(backend, n, out, a, b);
        lib.exmy_host_train_add(p(out), p(a), p(b), n, threads);
    }

    @Override
    public void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        TrainChecks.bias(backend, out, bias, rows, cols);
        lib.exmy_host_train_bias_add(p(out), p(bias), rows, cols, threads);
    }

    @Override
    public void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols) {
        TrainChecks.bias(backend, dout, dbias, rows, cols);
        lib.exmy_host_train_bias_backward(p(dbias), p(dout), rows, cols, threads);
    }

    @Override
    public void geluForward(DeviceBuffer out, DeviceBuffer inp, long n) {
        TrainChecks.elementwise(backend, n, out, inp);
        lib.exmy_host_train_gelu_forward(p(out), p(inp), n, threads);
    }

    @Override
    public void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n) {
        TrainChecks.elementwise(backend, n, dinp, inp, dout);
        lib.exmy_host_train_gelu_backward(p(dinp), p(inp), p(dout), n, threads);
    }

    @Override
    public void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T,
                               int C, int V) {
        TrainChecks.encoder(backend, out, tokens, wte, wpe, B, T, C, V);
        lib.exmy_host_train_encoder_forward(p(out), p(tokens), p(wte), p(wpe), B, T, C, V, threads);
    }

    @Override
    public void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B,
                                int T, int C, int V) {
        TrainChecks.encoder(backend, dout, tokens, dwte, dwpe, B, T, C, V);
        lib.exmy_host_train_encoder_backward(p(dwte), p(dwpe), p(dout), p(tokens), B, T, C, V, threads);
    }

    @Override
    public void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp,
                                 DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps) {
        TrainChecks.layerNorm(backend, out, inp, weight, bias, mean, rstd, rows, C);
        lib.exmy_host_train_layernorm_forward(p(out), p(mean), p(rstd), p(inp), p(weight), p(bias), rows, C, eps,
                threads);
    }

    @Override
    public void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout,
                                  DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows,
                                  int C) {
        TrainChecks.layerNormBackward(backend, dinp, dweight, dbias, dout, inp, weight, mean, rstd, rows, C);
        lib.exmy_host_train_layernorm_backward(p(dinp), p(dweight), p(dbias), p(dout), p(inp), p(weight), p(mean),
                p(rstd), rows, C, threads);
    }

    @Override
    public void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH,
                               int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, qkv, 3, q, k, v);
        lib.exmy_host_train_attention_split(p(q), p(k), p(v), p(qkv), B, T, NH, HS, 0, threads);
    }

    @Override
    public void attentionSplitBackward(DeviceBuffer dqkv, DeviceBuffer dq, DeviceBuffer dk, DeviceBuffer dv, int B,
                                       int T, int NH, int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, dqkv, 3, dq, dk, dv);
        lib.exmy_host_train_attention_split(p(dq), p(dk), p(dv), p(dqkv), B, T, NH, HS, 1, threads);
    }

    @Override
    public void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, out, 1, y);
        lib.exmy_host_train_attention_merge(p(out), p(y), B, T, NH, HS, 0, threads);
    }

    @Override
    public void attentionMergeBackward(DeviceBuffer dy, DeviceBuffer dout, int B, int T, int NH, int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, dout, 1, dy);
        lib.exmy_host_train_attention_merge(p(dout), p(dy), B, T, NH, HS, 1, threads);
    }

    @Override
    public void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale) {
        TrainChecks.softmax(backend, att, preatt, null, rows, T, scale);
        lib.exmy_host_train_softmax_forward(p(att), p(preatt), rows, T, scale, threads);
    }

    @Override
    public void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T,
                                      float scale) {
        TrainChecks.softmax(backend, dpreatt, datt, att, rows, T, scale);
        lib.exmy_host_train_softmax_backward(p(dpreatt), p(datt), p(att), rows, T, scale, threads);
    }

    @Override
    public void ropeForward(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS) {
        TrainChecks.rope(backend, out, inp, table, rows, T, HS);
        lib.exmy_host_train_rope(p(out), p(inp), p(table), rows, T, HS, 0, threads);
    }

    @Override
    public void ropeBackward(DeviceBuffer dinp, DeviceBuffer dout, DeviceBuffer table, int rows, int T, int HS) {
        TrainChecks.rope(backend, dinp, dout, table, rows, T, HS);
        lib.exmy_host_train_rope(p(dinp), p(dout), p(table), rows, T, HS, 1, threads);
    }

    @Override
    public void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets,
                             int rows, int V, int Vp, float dloss) {
        TrainChecks.crossEntropy(backend, losses, dlogits, logits, targets, rows, V, Vp);
        lib.exmy_host_train_cross_entropy(p(losses), p(dlogits), p(logits), p(targets), rows, V, Vp, dloss, threads);
    }

    @Override
    public void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep step) {
        TrainChecks.elementwise(backend, n, params, grads, m, v);
        lib.exmy_host_train_adamw(p(params), p(grads), p(m), p(v), n, adamWords(step), threads);
    }

    @Override
    public void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n) {
        TrainChecks.sumOfSquares(backend, out, x, n);
        lib.exmy_host_train_sumsq(p(out), p(x), n, threads);
    }
}
