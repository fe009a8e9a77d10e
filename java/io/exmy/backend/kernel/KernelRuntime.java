package io.exmy.backend.kernel;

import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;

/**
 * What a kernel device needs from a device: memory, copies and launches by name. Implemented by
 * the GPU (JCuda driver API) and by the CPU emulation of the same kernels, so that everything above
 * it — grid and block choice, argument packing, buffer handling — is one code path for both.
 */
public interface KernelRuntime extends Device.Memory<DeviceBuffer>, AutoCloseable {
    /** cuda or emu. */
    String name();

    DeviceProperties properties();

    /**
     * Launches {@code kernel} from module {@code module} (the {@code cuda/<module>.cu} file).
     * Asynchronous on the GPU; errors surface here or at the next synchronisation.
     */
    void launch(String module, String kernel, LaunchConfig config, KernelArgs args);

    /**
     * Opens the device's BF16 tensor-core GEMM library (cuBLAS), or throws
     * {@link BackendUnavailableException} saying why this runtime has none.
     */
    default Bf16Gemm bf16Gemm() {
        throw new BackendUnavailableException("the " + name() + " runtime has no tensor cores or"
                + " cuBLAS: the BF16 GEMM runs only on the GPU (backend cuda)");
    }

    @Override
    void close();
}
