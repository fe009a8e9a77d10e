package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;

/**
 * Launches of {@code cuda/encoder.cu}: the forward pass a warp per row; the token-table gradient a warp
 * per (row, group of {@link #GROUP} channels), the position-table gradient a thread per element.
 */
final class EncoderKernels extends KernelModule implements Device.Encoder<DeviceBuffer> {
    /** Channels per warp of the token-table gradient (EXMY_ENC_GROUP). */
    static final int GROUP = 128;

    EncoderKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "encoder");
    }

    @Override
    public void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T,
                               int C, int V) {
        launch("exmy_encoder_forward", grid.perWarp((long) B * T),
                new KernelArgs().buffer(out).buffer(tokens).buffer(wte).buffer(wpe == null ? wte : wpe).i32(B).i32(T)
                        .i32(C).i32(V).i32(wpe == null ? 0 : 1));
    }

    @Override
    public void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B,
                                int T, int C, int V) {
        launch("exmy_encoder_backward_wte", grid.perWarp((long) B * T * Grid.ceilDiv(C, GROUP)),
                new KernelArgs().buffer(dwte).buffer(dout).buffer(tokens).i32(B * T).i32(C).i32(V));
        if (dwpe != null) {
            launch("exmy_encoder_backward_wpe", grid.perThread((long) T * C),
                    new KernelArgs().buffer(dwpe).buffer(dout).i32(B).i32(T).i32(C));
        }
    }
}
