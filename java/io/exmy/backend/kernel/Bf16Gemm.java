package io.exmy.backend.kernel;

import io.exmy.backend.DeviceBuffer;
import io.exmy.matmul.GemmShape;

/**
 * A device library's BF16 GEMM with float32 output and accumulation (cuBLAS on the GPU), as
 * {@link KernelRuntime#bf16Gemm} offers it. Operands are dense BF16 images in U8 buffers (2 bytes
 * per element) laid out as {@code shape} says; C is float32. Row-major, like {@link GemmShape}.
 */
public interface Bf16Gemm extends AutoCloseable {
    /** Which library, version and binding, for logs and benchmark records. */
    String describe();

    /** C = alpha·op(A)·op(B), plus C when {@code shape} accumulates. */
    void gemm(GemmShape shape, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c, float alpha);

    @Override
    void close();
}
