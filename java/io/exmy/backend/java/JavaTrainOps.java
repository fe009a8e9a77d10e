package io.exmy.backend.java;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.TrainChecks;
import io.exmy.backend.TrainOps;
import io.exmy.ops.AdamW;
import io.exmy.ops.AdamWStep;
import io.exmy.ops.Attention;
import io.exmy.ops.CrossEntropy;
import io.exmy.ops.Elementwise;
import io.exmy.ops.Encoder;
import io.exmy.ops.Gelu;
import io.exmy.ops.LayerNorm;
import io.exmy.ops.Rope;

/** The reference {@link TrainOps} of the Java backend: unwraps the buffers and calls {@code io.exmy.ops}. */
final class JavaTrainOps implements TrainOps {
    private final Backend backend;

    JavaTrainOps(Backend backend) {
        this.backend = backend;
    }

    private JavaBuffer own(DeviceBuffer b) {
        Checks.owned(backend, b);
        return (JavaBuffer) b;
    }

    private static int n(long n) {
        return Math.toIntExact(n);
    }

    @Override
    public void fill(DeviceBuffer x, long n, float value) {
        TrainChecks.elementwise(backend, n, x);
        JavaBuffer b = own(x);
        Elementwise.fill(b.f32, b.off, n(n), value);
    }

    @Override
    public void scale(DeviceBuffer x, long n, float factor) {
        TrainChecks.elementwise(backend, n, x);
        JavaBuffer b = own(x);
        Elementwise.scale(b.f32, b.off, n(n), factor);
    }

    @Override
    public void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n) {
        TrainChecks.elementwise(backend, n, out, a, b);
        JavaBuffer o = own(out);
        JavaBuffer x = own(a);
        JavaBuffer y = own(b);
        Elementwise.add(o.f32, o.off, x.f32, x.off, y.f32, y.off, n(n));
    }

    @Override
    public void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        TrainChecks.bias(backend, out, bias, rows, cols);
        JavaBuffer o = own(out);
        JavaBuffer b = own(bias);
        Elementwise.biasAdd(o.f32, o.off, b.f32, b.off, rows, cols);
    }

    @Override
    public void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols) {
        TrainChecks.bias(backend, dout, dbias, rows, cols);
        JavaBuffer db = own(dbias);
        JavaBuffer d = own(dout);
        Elementwise.biasBackward(db.f32, db.off, d.f32, d.off, rows, cols);
    }

    @Override
    public void geluForward(DeviceBuffer out, DeviceBuffer inp, long n) {
        TrainChecks.elementwise(backend, n, out, inp);
        JavaBuffer o = own(out);
        JavaBuffer i = own(inp);
        Gelu.forward(o.f32, o.off, i.f32, i.off, n(n));
    }

    @Override
    public void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n) {
        TrainChecks.elementwise(backend, n, dinp, inp, dout);
        JavaBuffer d = own(dinp);
        JavaBuffer i = own(inp);
        JavaBuffer g = own(dout);
        Gelu.backward(d.f32, d.off, i.f32, i.off, g.f32, g.off, n(n));
    }

    @Override
    public void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T,
                               int C, int V) {
        TrainChecks.encoder(backend, out, tokens, wte, wpe, B, T, C, V);
        JavaBuffer o = own(out);
        JavaBuffer t = own(tokens);
        JavaBuffer e = own(wte);
        JavaBuffer p = wpe == null ? null : own(wpe);
        Encoder.forward(o.f32, o.off, t.i32, t.off, e.f32, e.off, p == null ? null : p.f32, p == null ? 0 : p.off, B, T,
                C, V);
    }

    @Override
    public void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B,
                                int T, int C, int V) {
        TrainChecks.encoder(backend, dout, tokens, dwte, dwpe, B, T, C, V);
        JavaBuffer e = own(dwte);
        JavaBuffer p = dwpe == null ? null : own(dwpe);
        JavaBuffer d = own(dout);
        JavaBuffer t = own(tokens);
        Encoder.backward(e.f32, e.off, p == null ? null : p.f32, p == null ? 0 : p.off, d.f32, d.off, t.i32, t.off, B,
                T, C, V);
    }

    @Override
    public void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp,
                                 DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps) {
        TrainChecks.layerNorm(backend, out, inp, weight, bias, mean, rstd, rows, C);
        JavaBuffer o = own(out);
        JavaBuffer m = own(mean);
        JavaBuffer r = own(rstd);
        JavaBuffer i = own(inp);
        JavaBuffer w = own(weight);
        JavaBuffer b = own(bias);
        LayerNorm.forward(o.f32, o.off, m.f32, m.off, r.f32, r.off, i.f32, i.off, w.f32, w.off, b.f32, b.off, rows, C,
                eps);
    }

    @Override
    public void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout,
                                  DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows,
                                  int C) {
        TrainChecks.layerNormBackward(backend, dinp, dweight, dbias, dout, inp, weight, mean, rstd, rows, C);
        JavaBuffer di = own(dinp);
        JavaBuffer dw = own(dweight);
        JavaBuffer db = own(dbias);
        JavaBuffer g = own(dout);
        JavaBuffer i = own(inp);
        JavaBuffer w = own(weight);
        JavaBuffer m = own(mean);
        JavaBuffer r = own(rstd);
        LayerNorm.backward(di.f32, di.off, dw.f32, dw.off, db.f32, db.off, g.f32, g.off, i.f32, i.off, w.f32, w.off,
                m.f32, m.off, r.f32, r.off, rows, C);
    }

    @Override
    public void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH,
                               int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, qkv, 3, q, k, v);
        split(q, k, v, qkv, B, T, NH, HS, false);
    }

    @Override
    public void attentionSplitBackward(DeviceBuffer dqkv, DeviceBuffer dq, DeviceBuffer dk, DeviceBuffer dv, int B,
                                       int T, int NH, int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, dqkv, 3, dq, dk, dv);
        split(dq, dk, dv, dqkv, B, T, NH, HS, true);
    }

    private void split(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH, int HS,
                       boolean backward) {
        JavaBuffer a = own(q);
        JavaBuffer b = own(k);
        JavaBuffer c = own(v);
        JavaBuffer f = own(qkv);
        Attention.split(a.f32, a.off, b.f32, b.off, c.f32, c.off, f.f32, f.off, B, T, NH, HS, backward);
    }

    @Override
    public void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, out, 1, y);
        JavaBuffer o = own(out);
        JavaBuffer a = own(y);
        Attention.merge(o.f32, o.off, a.f32, a.off, B, T, NH, HS, false);
    }

    @Override
    public void attentionMergeBackward(DeviceBuffer dy, DeviceBuffer dout, int B, int T, int NH, int HS) {
        TrainChecks.heads(backend, B, T, NH, HS, dout, 1, dy);
        JavaBuffer o = own(dout);
        JavaBuffer a = own(dy);
        Attention.merge(o.f32, o.off, a.f32, a.off, B, T, NH, HS, true);
    }

    @Override
    public void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale) {
        TrainChecks.softmax(backend, att, preatt, null, rows, T, scale);
        JavaBuffer a = own(att);
        JavaBuffer p = own(preatt);
        Attention.softmaxForward(a.f32, a.off, p.f32, p.off, rows, T, scale);
    }

    @Override
    public void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T,
                                      float scale) {
        TrainChecks.softmax(backend, dpreatt, datt, att, rows, T, scale);
        JavaBuffer d = own(dpreatt);
        JavaBuffer g = own(datt);
        JavaBuffer a = own(att);
        Attention.softmaxBackward(d.f32, d.off, g.f32, g.off, a.f32, a.off, rows, T, scale);
    }

    @Override
    public void ropeForward(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS) {
        TrainChecks.rope(backend, out, inp, table, rows, T, HS);
        rope(out, inp, table, rows, T, HS, false);
    }

    @Override
    public void ropeBackward(DeviceBuffer dinp, DeviceBuffer dout, DeviceBuffer table, int rows, int T, int HS) {
        TrainChecks.rope(backend, dinp, dout, table, rows, T, HS);
        rope(dinp, dout, table, rows, T, HS, true);
    }

    private void rope(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS, boolean back) {
        JavaBuffer o = own(out);
        JavaBuffer i = own(inp);
        JavaBuffer t = own(table);
        Rope.apply(o.f32, o.off, i.f32, i.off, t.f32, t.off, rows, T, HS, back);
    }

    @Override
    public void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets,
                             int rows, int V, int Vp, float dloss) {
        TrainChecks.crossEntropy(backend, losses, dlogits, logits, targets, rows, V, Vp);
        JavaBuffer l = own(losses);
        JavaBuffer d = dlogits == null ? null : own(dlogits);
        JavaBuffer x = own(logits);
        JavaBuffer t = own(targets);
        CrossEntropy.forwardBackward(l.f32, l.off, d == null ? null : d.f32, d == null ? 0 : d.off, x.f32, x.off,
                t.i32, t.off, rows, V, Vp, dloss);
    }

    @Override
    public void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep step) {
        TrainChecks.elementwise(backend, n, params, grads, m, v);
        JavaBuffer p = own(params);
        JavaBuffer g = own(grads);
        JavaBuffer a = own(m);
        JavaBuffer b = own(v);
        AdamW.step(p.f32, p.off, g.f32, g.off, a.f32, a.off, b.f32, b.off, n(n), step);
    }

    @Override
    public void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n) {
        TrainChecks.sumOfSquares(backend, out, x, n);
        JavaBuffer o = own(out);
        JavaBuffer i = own(x);
        o.f32[o.off] = Elementwise.sumOfSquares(i.f32, i.off, n(n));
    }
}
