package io.exmy.backend.kernel;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;

/**
 * What a kernel backend needs from a device: memory, copies and launches by name. Implemented by
 * the GPU (JCuda driver API) and by the CPU emulation of the same kernels, so that everything above
 * it — grid and block choice, argument packing, buffer handling — is one code path for both.
 */
public interface KernelRuntime extends AutoCloseable {
    /** cuda or emu. */
    String name();

    DeviceProperties properties();

    DeviceBuffer allocate(Backend owner, DType dtype, long length);

    void upload(float[] src, DeviceBuffer dst);

    void upload(byte[] src, DeviceBuffer dst);

    void download(DeviceBuffer src, float[] dst);

    void download(DeviceBuffer src, byte[] dst);

    void upload(int[] src, DeviceBuffer dst);

    void download(DeviceBuffer src, int[] dst);

    /** Device-to-device copy of {@code bytes} bytes. */
    void copy(DeviceBuffer src, DeviceBuffer dst, long bytes);

    /**
     * Launches {@code kernel} from module {@code module} (the {@code cuda/<module>.cu} file).
     * Asynchronous on the GPU; errors surface here or at the next synchronisation.
     */
    void launch(String module, String kernel, LaunchConfig config, KernelArgs args);

    void synchronize();

    /** Milliseconds that {@code work} takes on the device (CUDA events on the GPU). */
    double timeMillis(Runnable work);

    /**
     * Opens the device's BF16 tensor-core GEMM library (cuBLAS), or throws
     * {@link io.exmy.backend.BackendUnavailableException} saying why this runtime has none.
     */
    default Bf16Gemm bf16Gemm() {
        throw new io.exmy.backend.BackendUnavailableException("the " + name() + " runtime has no tensor cores or"
                + " cuBLAS: the BF16 GEMM runs only on the GPU (backend cuda)");
    }

    @Override
    void close();
}
