package io.exmy.backend.java;

import io.exmy.backend.Device;
import io.exmy.ops.AdamW;
import io.exmy.ops.AdamWStep;
import io.exmy.ops.Attention;
import io.exmy.ops.CrossEntropy;
import io.exmy.ops.Elementwise;
import io.exmy.ops.Encoder;
import io.exmy.ops.Gelu;
import io.exmy.ops.LayerNorm;
import io.exmy.ops.Rope;

/** The training ops of the Java device: each the reference in {@code io.exmy.ops} on the buffers' arrays. */
final class JavaTrain implements Device.Elementwise<JavaBuffer>, Device.Gelu<JavaBuffer>, Device.Encoder<JavaBuffer>,
        Device.LayerNorm<JavaBuffer>, Device.Attention<JavaBuffer>, Device.Rope<JavaBuffer>,
        Device.CrossEntropy<JavaBuffer>, Device.AdamW<JavaBuffer> {

    private static int n(long n) {
        return Math.toIntExact(n);
    }

    /** The array of an optional buffer, and its offset (0 without one). */
    private static float[] f32(JavaBuffer b) {
        return b == null ? null : b.f32;
    }

    private static int off(JavaBuffer b) {
        return b == null ? 0 : b.off;
    }

    @Override
    public void fill(JavaBuffer x, long n, float value) {
        Elementwise.fill(x.f32, x.off, n(n), value);
    }

    @Override
    public void scale(JavaBuffer x, long n, float factor) {
        Elementwise.scale(x.f32, x.off, n(n), factor);
    }

    @Override
    public void add(JavaBuffer out, JavaBuffer a, JavaBuffer b, long n) {
        Elementwise.add(out.f32, out.off, a.f32, a.off, b.f32, b.off, n(n));
    }

    @Override
    public void biasAdd(JavaBuffer out, JavaBuffer bias, int rows, int cols) {
        Elementwise.biasAdd(out.f32, out.off, bias.f32, bias.off, rows, cols);
    }

    @Override
    public void biasBackward(JavaBuffer dbias, JavaBuffer dout, int rows, int cols) {
        Elementwise.biasBackward(dbias.f32, dbias.off, dout.f32, dout.off, rows, cols);
    }

    @Override
    public void sumOfSquares(JavaBuffer out, JavaBuffer x, long n) {
        out.f32[out.off] = Elementwise.sumOfSquares(x.f32, x.off, n(n));
    }

    @Override
    public void geluForward(JavaBuffer out, JavaBuffer inp, long n) {
        Gelu.forward(out.f32, out.off, inp.f32, inp.off, n(n));
    }

    @Override
    public void geluBackward(JavaBuffer dinp, JavaBuffer inp, JavaBuffer dout, long n) {
        Gelu.backward(dinp.f32, dinp.off, inp.f32, inp.off, dout.f32, dout.off, n(n));
    }

    @Override
    public void encoderForward(JavaBuffer out, JavaBuffer tokens, JavaBuffer wte, JavaBuffer wpe, int B, int T, int C,
                               int V) {
        Encoder.forward(out.f32, out.off, tokens.i32, tokens.off, wte.f32, wte.off, f32(wpe), off(wpe), B, T, C, V);
    }

    @Override
    public void encoderBackward(JavaBuffer dwte, JavaBuffer dwpe, JavaBuffer dout, JavaBuffer tokens, int B, int T,
                                int C, int V) {
        Encoder.backward(dwte.f32, dwte.off, f32(dwpe), off(dwpe), dout.f32, dout.off, tokens.i32, tokens.off, B, T, C,
                V);
    }

    @Override
    public void layerNormForward(JavaBuffer out, JavaBuffer mean, JavaBuffer rstd, JavaBuffer inp, JavaBuffer weight,
                                 JavaBuffer bias, int rows, int C, float eps) {
        LayerNorm.forward(out.f32, out.off, mean.f32, mean.off, rstd.f32, rstd.off, inp.f32, inp.off, weight.f32,
                weight.off, bias.f32, bias.off, rows, C, eps);
    }

    @Override
    public void layerNormBackward(JavaBuffer dinp, JavaBuffer dweight, JavaBuffer dbias, JavaBuffer dout,
                                  JavaBuffer inp, JavaBuffer weight, JavaBuffer mean, JavaBuffer rstd, int rows,
                                  int C) {
        LayerNorm.backward(dinp.f32, dinp.off, dweight.f32, dweight.off, dbias.f32, dbias.off, dout.f32, dout.off,
                inp.f32, inp.off, weight.f32, weight.off, mean.f32, mean.off, rstd.f32, rstd.off, rows, C);
    }

    @Override
    public void attentionSplit(JavaBuffer q, JavaBuffer k, JavaBuffer v, JavaBuffer qkv, int B, int T, int NH, int HS,
                               boolean backward) {
        Attention.split(q.f32, q.off, k.f32, k.off, v.f32, v.off, qkv.f32, qkv.off, B, T, NH, HS, backward);
    }

    @Override
    public void attentionMerge(JavaBuffer out, JavaBuffer y, int B, int T, int NH, int HS, boolean backward) {
        Attention.merge(out.f32, out.off, y.f32, y.off, B, T, NH, HS, backward);
    }

    @Override
    public void causalSoftmaxForward(JavaBuffer att, JavaBuffer preatt, int rows, int T, float scale) {
        Attention.softmaxForward(att.f32, att.off, preatt.f32, preatt.off, rows, T, scale);
    }

    @Override
    public void causalSoftmaxBackward(JavaBuffer dpreatt, JavaBuffer datt, JavaBuffer att, int rows, int T,
                                      float scale) {
        Attention.softmaxBackward(dpreatt.f32, dpreatt.off, datt.f32, datt.off, att.f32, att.off, rows, T, scale);
    }

    @Override
    public void rope(JavaBuffer out, JavaBuffer inp, JavaBuffer table, int rows, int T, int HS, boolean backward) {
        Rope.apply(out.f32, out.off, inp.f32, inp.off, table.f32, table.off, rows, T, HS, backward);
    }

    @Override
    public void crossEntropy(JavaBuffer losses, JavaBuffer dlogits, JavaBuffer logits, JavaBuffer targets, int rows,
                             int V, int Vp, float dloss) {
        CrossEntropy.forwardBackward(losses.f32, losses.off, f32(dlogits), off(dlogits), logits.f32, logits.off,
                targets.i32, targets.off, rows, V, Vp, dloss);
    }

    @Override
    public void adamW(JavaBuffer params, JavaBuffer grads, JavaBuffer m, JavaBuffer v, long n, AdamWStep step) {
        AdamW.step(params.f32, params.off, grads.f32, grads.off, m.f32, m.off, v.f32, v.off, n(n), step);
    }
}
