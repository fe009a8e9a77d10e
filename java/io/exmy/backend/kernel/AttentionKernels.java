package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;

/** Launches of {@code cuda/attention.cu}: the layouts a warp per (b, h, t) row of HS, the causal softmax a warp per row. */
final class AttentionKernels extends KernelModule implements Device.Attention<DeviceBuffer> {
    AttentionKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "attention");
    }

    @Override
    public void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH,
                               int HS, boolean backward) {
        launch("exmy_attention_split", grid.perWarp((long) B * T * NH), new KernelArgs().buffer(q)
                .buffer(k).buffer(v).buffer(qkv).i32(B).i32(T).i32(NH).i32(HS).i32(backward ? 1 : 0));
    }

    @Override
    public void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS, boolean backward) {
        launch("exmy_attention_merge", grid.perWarp((long) B * T * NH),
                new KernelArgs().buffer(out).buffer(y).i32(B).i32(T).i32(NH).i32(HS).i32(backward ? 1 : 0));
    }

    @Override
    public void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale) {
        if (rows > 0) {
            launch("exmy_softmax_forward", grid.perWarp(rows),
                    new KernelArgs().buffer(att).buffer(preatt).i32(rows).i32(T).f32(scale));
        }
    }

    @Override
    public void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T,
                                      float scale) {
        if (rows > 0) {
            launch("exmy_softmax_backward", grid.perWarp(rows),
                    new KernelArgs().buffer(dpreatt).buffer(datt).buffer(att).i32(rows).i32(T).f32(scale));
        }
    }
}
