package io.exmy.backend.host;

import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.Device;

/**
 * The scalar CUDA headers compiled for the CPU and called through JNA: the GPU's arithmetic at
 * CPU speed, multithreaded. The kernels' own launch structure is tested by {@code emu}.
 */
public final class HostDevice implements Device<NativeBuffer> {
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final HostMemory memory;
    private final HostCalls calls;
    private final HostTrain train;

    public HostDevice() {
        HostLibrary lib = NativeLibraries.load("host", HostLibrary.class);
        int abi = lib.exmy_host_abi_version();
        if (abi != HostLibrary.ABI_VERSION) {
            throw new BackendUnavailableException("libexmy_host.so has ABI " + abi + ", this build expects "
                    + HostLibrary.ABI_VERSION + ": rebuild with `mvn package`");
        }
        memory = new HostMemory(lib, threads);
        calls = new HostCalls(lib, threads);
        train = new HostTrain(lib, threads);
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public String description() {
        return "CPU, host-native CUDA C (" + threads + " threads, " + System.getProperty("os.arch") + ")";
    }

    @Override
    public Memory<NativeBuffer> memory() {
        return memory;
    }

    @Override
    public Cast<NativeBuffer> cast() {
        return calls;
    }

    @Override
    public Block<NativeBuffer> block() {
        return calls;
    }

    @Override
    public Hadamard<NativeBuffer> hadamard() {
        return calls;
    }

    @Override
    public Matmul<NativeBuffer> matmul() {
        return calls;
    }

    @Override
    public Elementwise<NativeBuffer> elementwise() {
        return train;
    }

    @Override
    public Gelu<NativeBuffer> gelu() {
        return train;
    }

    @Override
    public Encoder<NativeBuffer> encoder() {
        return train;
    }

    @Override
    public LayerNorm<NativeBuffer> layerNorm() {
        return train;
    }

    @Override
    public Attention<NativeBuffer> attention() {
        return train;
    }

    @Override
    public Rope<NativeBuffer> rope() {
        return train;
    }

    @Override
    public CrossEntropy<NativeBuffer> crossEntropy() {
        return train;
    }

    @Override
    public AdamW<NativeBuffer> adamW() {
        return train;
    }

    @Override
    public void close() {
        // buffers free their own memory; the library stays loaded
    }
}
