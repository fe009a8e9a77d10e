package io.exmy.backend;

import static io.exmy.backend.Checks.holds;
import static io.exmy.backend.Checks.owned;

/**
 * Argument checks of {@link TrainOps}, shared by every backend so that a bad call fails the same way,
 * with the same message, before any native code could read or write out of bounds.
 */
final class TrainChecks {
    private TrainChecks() {
    }

    static void positive(String what, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    static void nonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
    }

    static long times(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    static void elementwise(Backend be, long n, DeviceBuffer... buffers) {
        nonNegative("element count", n);
        owned(be, buffers);
        for (DeviceBuffer b : buffers) {
            holds(b, DType.F32, n, "operand");
        }
    }

    static void bias(Backend be, DeviceBuffer matrix, DeviceBuffer bias, int rows, int cols) {
        nonNegative("rows", rows);
        positive("columns", cols);
        owned(be, matrix, bias);
        holds(matrix, DType.F32, times(rows, cols), "rows × cols matrix");
        holds(bias, DType.F32, cols, "bias");
    }

    static void encoder(Backend be, DeviceBuffer act, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe,
                               int B, int T, int C, int V) {
        positive("batch B", B);
        positive("time T", T);
        positive("channels C", C);
        positive("vocabulary V", V);
        owned(be, act, tokens, wte);
        holds(act, DType.F32, times(times(B, T), C), "activations (B·T × C)");
        holds(tokens, DType.I32, times(B, T), "token ids (B·T)");
        holds(wte, DType.F32, times(V, C), "token embedding table (V × C)");
        if (wpe != null) {
            owned(be, wpe);
            holds(wpe, DType.F32, times(T, C), "position embedding table (T × C)");
        }
    }

    static void layerNorm(Backend be, DeviceBuffer act, DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer bias,
                                 DeviceBuffer mean, DeviceBuffer rstd, int rows, int C) {
        nonNegative("rows", rows);
        positive("channels C", C);
        owned(be, act, inp, weight, bias, mean, rstd);
        long n = times(rows, C);
        holds(act, DType.F32, n, "layer-norm output (rows × C)");
        holds(inp, DType.F32, n, "layer-norm input (rows × C)");
        holds(weight, DType.F32, C, "layer-norm weight");
        holds(bias, DType.F32, C, "layer-norm bias");
        holds(mean, DType.F32, rows, "layer-norm mean (one per row)");
        holds(rstd, DType.F32, rows, "layer-norm rstd (one per row)");
    }

    static void layerNormBackward(Backend be, DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias,
                                         DeviceBuffer dout, DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean,
                                         DeviceBuffer rstd, int rows, int C) {
        layerNorm(be, dinp, inp, weight, dbias, mean, rstd, rows, C);
        owned(be, dweight, dout);
        holds(dout, DType.F32, times(rows, C), "layer-norm output gradient (rows × C)");
        holds(dweight, DType.F32, C, "layer-norm weight gradient");
    }

    static void heads(Backend be, int B, int T, int NH, int HS, DeviceBuffer fused, int parts,
                             DeviceBuffer... perHead) {
        positive("batch B", B);
        positive("time T", T);
        positive("heads NH", NH);
        positive("head size HS", HS);
        owned(be, fused);
        owned(be, perHead);
        long n = times(times(times(B, T), NH), HS);
        holds(fused, DType.F32, times(n, parts), parts == 3 ? "fused qkv (B, T, 3·NH·HS)" : "(B, T, NH·HS) tensor");
        for (DeviceBuffer b : perHead) {
            holds(b, DType.F32, n, "per-head tensor (B, NH, T, HS)");
        }
    }

    static void softmax(Backend be, DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, int rows, int T,
                               float scale) {
        nonNegative("rows", rows);
        positive("time T", T);
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("attention scale must be positive and finite (1/sqrt(HS)), got " + scale);
        }
        owned(be, out, a);
        long n = times(rows, T);
        holds(out, DType.F32, n, "attention (rows × T)");
        holds(a, DType.F32, n, "attention (rows × T)");
        if (b != null) {
            owned(be, b);
            holds(b, DType.F32, n, "attention (rows × T)");
        }
    }

    static void rope(Backend be, DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T,
                            int HS) {
        nonNegative("rows", rows);
        positive("time T", T);
        positive("head size HS", HS);
        if (HS % 2 != 0) {
            throw new IllegalArgumentException("rotary embedding needs an even head size, got " + HS);
        }
        owned(be, out, inp, table);
        holds(out, DType.F32, times(rows, HS), "rotary output (rows × HS)");
        holds(inp, DType.F32, times(rows, HS), "rotary input (rows × HS)");
        holds(table, DType.F32, times(T, HS), "rotary table (T × HS/2 cos/sin pairs, Rope.table)");
    }

    static void crossEntropy(Backend be, DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits,
                                    DeviceBuffer targets, int rows, int V, int Vp) {
        nonNegative("rows", rows);
        positive("vocabulary V", V);
        if (Vp < V) {
            throw new IllegalArgumentException("padded vocabulary Vp (" + Vp + ") is smaller than V (" + V
                    + "): Vp is the logits' row stride, at least V");
        }
        owned(be, losses, logits, targets);
        holds(logits, DType.F32, times(rows, Vp), "logits (rows × Vp)");
        holds(losses, DType.F32, rows, "losses (one per row)");
        holds(targets, DType.I32, rows, "targets (one per row)");
        if (dlogits != null) {
            owned(be, dlogits);
            holds(dlogits, DType.F32, times(rows, Vp), "logit gradients (rows × Vp)");
        }
    }

    static void sumOfSquares(Backend be, DeviceBuffer out, DeviceBuffer x, long n) {
        nonNegative("element count", n);
        owned(be, out, x);
        holds(out, DType.F32, 1, "sum-of-squares output");
        holds(x, DType.F32, n, "sum-of-squares input");
    }
}
