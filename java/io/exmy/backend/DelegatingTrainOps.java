package io.exmy.backend;

import io.exmy.ops.AdamWStep;

/**
 * {@link TrainOps} by forwarding every call to the backend's op-family object ({@link #trainOps()}),
 * so that a backend implements the whole family with one method.
 */
public interface DelegatingTrainOps extends TrainOps {
    /** The object that implements the operations for this backend. */
    TrainOps trainOps();

    @Override
    default void fill(DeviceBuffer x, long n, float value) {
        trainOps().fill(x, n, value);
    }

    @Override
    default void scale(DeviceBuffer x, long n, float factor) {
        trainOps().scale(x, n, factor);
    }

    @Override
    default void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n) {
        trainOps().add(out, a, b, n);
    }

    @Override
    default void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        trainOps().biasAdd(out, bias, rows, cols);
    }

    @Override
    default void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols) {
        trainOps().biasBackward(dbias, dout, rows, cols);
    }

    @Override
    default void geluForward(DeviceBuffer out, DeviceBuffer inp, long n) {
        trainOps().geluForward(out, inp, n);
    }

    @Override
    default void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n) {
        trainOps().geluBackward(dinp, inp, dout, n);
    }

    @Override
    default void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T, int C, int V) {
        trainOps().encoderForward(out, tokens, wte, wpe, B, T, C, V);
    }

    @Override
    default void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B, int T, int C, int V) {
        trainOps().encoderBackward(dwte, dwpe, dout, tokens, B, T, C, V);
    }

    @Override
    default void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps) {
        trainOps().layerNormForward(out, mean, rstd, inp, weight, bias, rows, C, eps);
    }

    @Override
    default void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout, DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows, int C) {
        trainOps().layerNormBackward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, rows, C);
    }

    @Override
    default void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH, int HS) {
        trainOps().attentionSplit(q, k, v, qkv, B, T, NH, HS);
    }

    @Override
    default void attentionSplitBackward(DeviceBuffer dqkv, DeviceBuffer dq, DeviceBuffer dk, DeviceBuffer dv, int B, int T, int NH, int HS) {
        trainOps().attentionSplitBackward(dqkv, dq, dk, dv, B, T, NH, HS);
    }

    @Override
    default void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS) {
        trainOps().attentionMerge(out, y, B, T, NH, HS);
    }

    @Override
    default void attentionMergeBackward(DeviceBuffer dy, DeviceBuffer dout, int B, int T, int NH, int HS) {
        trainOps().attentionMergeBackward(dy, dout, B, T, NH, HS);
    }

    @Override
    default void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale) {
        trainOps().causalSoftmaxForward(att, preatt, rows, T, scale);
    }

    @Override
    default void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T, float scale) {
        trainOps().causalSoftmaxBackward(dpreatt, datt, att, rows, T, scale);
    }

    @Override
    default void ropeForward(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS) {
        trainOps().ropeForward(out, inp, table, rows, T, HS);
    }

    @Override
    default void ropeBackward(DeviceBuffer dinp, DeviceBuffer dout, DeviceBuffer table, int rows, int T, int HS) {
        trainOps().ropeBackward(dinp, dout, table, rows, T, HS);
    }

    @Override
    default void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets, int rows, int V, int Vp, float dloss) {
        trainOps().crossEntropy(losses, dlogits, logits, targets, rows, V, Vp, dloss);
    }

    @Override
    default void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep step) {
        trainOps().adamW(params, grads, m, v, n, step);
    }

    @Override
    default void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n) {
        trainOps().sumOfSquares(out, x, n);
    }
}
