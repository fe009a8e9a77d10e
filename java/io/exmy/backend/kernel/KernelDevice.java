package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import java.util.Optional;

/**
 * A device that runs exmy's CUDA kernels, on the GPU ({@code cuda}) or under CPU emulation
 * ({@code emu}): the same launch classes for both, so emulated tests exercise them too. Each op
 * family is the launch class of its {@code .cu} file.
 */
public final class KernelDevice implements Device<DeviceBuffer> {
    private final KernelRuntime rt;
    private final CastKernels cast;
    private final BlockKernels block;
    private final HadamardKernels hadamard;
    private final MatmulKernels matmul;
    private final FastGemmKernels fastGemm;
    private final TrainKernels train;

    public KernelDevice(KernelRuntime runtime) {
        this.rt = runtime;
        this.cast = new CastKernels(runtime);
        this.block = new BlockKernels(runtime);
        this.hadamard = new HadamardKernels(runtime);
        this.matmul = new MatmulKernels(runtime);
        this.fastGemm = new FastGemmKernels(runtime, matmul);
        this.train = new TrainKernels(runtime);
    }

    @Override
    public String name() {
        return rt.name();
    }

    @Override
    public String description() {
        return rt.properties().name();
    }

    @Override
    public Memory<DeviceBuffer> memory() {
        return rt;
    }

    @Override
    public Optional<KernelRuntime> kernels() {
        return Optional.of(rt);
    }

    @Override
    public Cast<DeviceBuffer> cast() {
        return cast;
    }

    @Override
    public Block<DeviceBuffer> block() {
        return block;
    }

    @Override
    public Hadamard<DeviceBuffer> hadamard() {
        return hadamard;
    }

    @Override
    public Matmul<DeviceBuffer> matmul() {
        return matmul;
    }

    @Override
    public FastGemm<DeviceBuffer> fastGemm() {
        return fastGemm;
    }

    @Override
    public Elementwise<DeviceBuffer> elementwise() {
        return train;
    }

    @Override
    public Gelu<DeviceBuffer> gelu() {
        return train;
    }

    @Override
    public Encoder<DeviceBuffer> encoder() {
        return train;
    }

    @Override
    public LayerNorm<DeviceBuffer> layerNorm() {
        return train;
    }

    @Override
    public Attention<DeviceBuffer> attention() {
        return train;
    }

    @Override
    public Rope<DeviceBuffer> rope() {
        return train;
    }

    @Override
    public CrossEntropy<DeviceBuffer> crossEntropy() {
        return train;
    }

    @Override
    public AdamW<DeviceBuffer> adamW() {
        return train;
    }

    @Override
    public void close() {
        train.close();
        block.close();
        fastGemm.close();
        rt.close();
    }
}
