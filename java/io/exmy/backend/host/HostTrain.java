package io.exmy.backend.host;

import com.sun.jna.Pointer;
import io.exmy.backend.Device;
import io.exmy.ops.AdamWStep;

/** The training ops of the host device: {@code cuda/host/exmy_host_train.cpp} through JNA. */
final class HostTrain implements Device.Elementwise<NativeBuffer>, Device.Gelu<NativeBuffer>,
        Device.Encoder<NativeBuffer>, Device.LayerNorm<NativeBuffer>, Device.Attention<NativeBuffer>,
        Device.Rope<NativeBuffer>, Device.CrossEntropy<NativeBuffer>, Device.AdamW<NativeBuffer> {
    private final HostLibrary lib;
    private final int threads;

    HostTrain(HostLibrary lib, int threads) {
        this.lib = lib;
        this.threads = threads;
    }

    private static Pointer p(NativeBuffer b) {
        return NativeBuffer.pointerOf(b);
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }

    @Override
    public void fill(NativeBuffer x, long n, float value) {
        lib.exmy_host_train_fill(p(x), n, value, threads);
    }

    @Override
    public void scale(NativeBuffer x, long n, float factor) {
        lib.exmy_host_train_scale(p(x), n, factor, threads);
    }

    @Override
    public void add(NativeBuffer out, NativeBuffer a, NativeBuffer b, long n) {
        lib.exmy_host_train_add(p(out), p(a), p(b), n, threads);
    }

    @Override
    public void biasAdd(NativeBuffer out, NativeBuffer bias, int rows, int cols) {
        lib.exmy_host_train_bias_add(p(out), p(bias), rows, cols, threads);
    }

    @Override
    public void biasBackward(NativeBuffer dbias, NativeBuffer dout, int rows, int cols) {
        lib.exmy_host_train_bias_backward(p(dbias), p(dout), rows, cols, threads);
    }

    @Override
    public void sumOfSquares(NativeBuffer out, NativeBuffer x, long n) {
        lib.exmy_host_train_sumsq(p(out), p(x), n, threads);
    }

    @Override
    public void geluForward(NativeBuffer out, NativeBuffer inp, long n) {
        lib.exmy_host_train_gelu_forward(p(out), p(inp), n, threads);
    }

    @Override
    public void geluBackward(NativeBuffer dinp, NativeBuffer inp, NativeBuffer dout, long n) {
        lib.exmy_host_train_gelu_backward(p(dinp), p(inp), p(dout), n, threads);
    }

    @Override
    public void encoderForward(NativeBuffer out, NativeBuffer tokens, NativeBuffer wte, NativeBuffer wpe, int B, int T,
                               int C, int V) {
        lib.exmy_host_train_encoder_forward(p(out), p(tokens), p(wte), p(wpe), B, T, C, V, threads);
    }

    @Override
    public void encoderBackward(NativeBuffer dwte, NativeBuffer dwpe, NativeBuffer dout, NativeBuffer tokens, int B,
                                int T, int C, int V) {
        lib.exmy_host_train_encoder_backward(p(dwte), p(dwpe), p(dout), p(tokens), B, T, C, V, threads);
    }

    @Override
    public void layerNormForward(NativeBuffer out, NativeBuffer mean, NativeBuffer rstd, NativeBuffer inp,
                                 NativeBuffer weight, NativeBuffer bias, int rows, int C, float eps) {
        lib.exmy_host_train_layernorm_forward(p(out), p(mean), p(rstd), p(inp), p(weight), p(bias), rows, C, eps,
                threads);
    }

    @Override
    public void layerNormBackward(NativeBuffer dinp, NativeBuffer dweight, NativeBuffer dbias, NativeBuffer dout,
                                  NativeBuffer inp, NativeBuffer weight, NativeBuffer mean, NativeBuffer rstd, int rows,
                                  int C) {
        lib.exmy_host_train_layernorm_backward(p(dinp), p(dweight), p(dbias), p(dout), p(inp), p(weight), p(mean),
                p(rstd), rows, C, threads);
    }

    @Override
    public void attentionSplit(NativeBuffer q, NativeBuffer k, NativeBuffer v, NativeBuffer qkv, int B, int T, int NH,
                               int HS, boolean backward) {
        lib.exmy_host_train_attention_split(p(q), p(k), p(v), p(qkv), B, T, NH, HS, flag(backward), threads);
    }

    @Override
    public void attentionMerge(NativeBuffer out, NativeBuffer y, int B, int T, int NH, int HS, boolean backward) {
        lib.exmy_host_train_attention_merge(p(out), p(y), B, T, NH, HS, flag(backward), threads);
    }

    @Override
    public void causalSoftmaxForward(NativeBuffer att, NativeBuffer preatt, int rows, int T, float scale) {
        lib.exmy_host_train_softmax_forward(p(att), p(preatt), rows, T, scale, threads);
    }

    @Override
    public void causalSoftmaxBackward(NativeBuffer dpreatt, NativeBuffer datt, NativeBuffer att, int rows, int T,
                                      float scale) {
        lib.exmy_host_train_softmax_backward(p(dpreatt), p(datt), p(att), rows, T, scale, threads);
    }

    @Override
    public void rope(NativeBuffer out, NativeBuffer inp, NativeBuffer table, int rows, int T, int HS,
                     boolean backward) {
        lib.exmy_host_train_rope(p(out), p(inp), p(table), rows, T, HS, flag(backward), threads);
    }

    @Override
    public void crossEntropy(NativeBuffer losses, NativeBuffer dlogits, NativeBuffer logits, NativeBuffer targets,
                             int rows, int V, int Vp, float dloss) {
        lib.exmy_host_train_cross_entropy(p(losses), p(dlogits), p(logits), p(targets), rows, V, Vp, dloss, threads);
    }

    @Override
    public void adamW(NativeBuffer params, NativeBuffer grads, NativeBuffer m, NativeBuffer v, long n, AdamWStep step) {
        lib.exmy_host_train_adamw(p(params), p(grads), p(m), p(v), n, step.words(), threads);
    }
}
