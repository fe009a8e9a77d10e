package io.exmy.backend;

import io.exmy.block.BlockShape;
import io.exmy.transform.HadamardSpec;

/**
 * (Randomized) Hadamard transforms of row-major rows × cols float32 tensors, in blocks of
 * {@code spec.size()} along one axis. Reference: {@link io.exmy.transform.Hadamard}; kernels:
 * {@code cuda/hadamard.cu}; host loops: {@code cuda/host/exmy_host_hadamard.cpp}.
 */
public interface HadamardOps {
    /**
     * out = the transform of {@code in}, each vector of {@code spec.size()} consecutive elements along
     * {@code axis} ({@link BlockShape.Axis#ROW}: within a row, {@link BlockShape.Axis#COL}: down a
     * column) transformed on its own; the size must divide that axis. {@code in} and {@code out} may be
     * the same buffer.
     */
    void hadamard(DeviceBuffer in, DeviceBuffer out, long rows, long cols, BlockShape.Axis axis, HadamardSpec spec);
}
