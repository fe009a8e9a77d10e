package io.exmy.backend.kernel;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
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
    /** Chunk partials of the column order and the sum of squares, shared by the training ops' launches. */
    private final Scratch trainPartials;
    private final CastKernels cast;
    private final BlockKernels block;
    private final HadamardKernels hadamard;
    private final MatmulKernels matmul;
    private final FastGemmKernels fastGemm;
    private final ElementwiseKernels elementwise;
    private final GeluKernels gelu;
    private final EncoderKernels encoder;
    private final LayerNormKernels layerNorm;
    private final AttentionKernels attention;
    private final RopeKernels rope;
    private final CrossEntropyKernels crossEntropy;
    private final AdamWKernels adamW;

    public KernelDevice(KernelRuntime runtime) {
        Grid grid = new Grid(runtime.properties());
        this.rt = runtime;
        this.trainPartials = new Scratch(runtime, DType.F32, 1 << 16);
        this.cast = new CastKernels(runtime, grid);
        this.block = new BlockKernels(runtime, grid);
        this.hadamard = new HadamardKernels(runtime, grid);
        this.matmul = new MatmulKernels(runtime, grid);
        this.fastGemm = new FastGemmKernels(runtime, matmul);
        this.elementwise = new ElementwiseKernels(runtime, grid, trainPartials);
        this.gelu = new GeluKernels(runtime, grid);
        this.encoder = new EncoderKernels(runtime, grid);
        this.layerNorm = new LayerNormKernels(runtime, grid, trainPartials, elementwise);
        this.attention = new AttentionKernels(runtime, grid);
        this.rope = new RopeKernels(runtime, grid);
        this.crossEntropy = new CrossEntropyKernels(runtime, grid);
        this.adamW = new AdamWKernels(runtime, grid);
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

    /** The kernel runtime of {@code b} if it runs kernels ({@code cuda}, {@code emu}), for launches by name (tests). */
    public static Optional<KernelRuntime> runtime(Backend b) {
        return b.unwrap(KernelDevice.class).map(d -> d.rt);
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
        return elementwise;
    }

    @Override
    public Gelu<DeviceBuffer> gelu() {
        return gelu;
    }

    @Override
    public Encoder<DeviceBuffer> encoder() {
        return encoder;
    }

    @Override
    public LayerNorm<DeviceBuffer> layerNorm() {
        return layerNorm;
    }

    @Override
    public Attention<DeviceBuffer> attention() {
        return attention;
    }

    @Override
    public Rope<DeviceBuffer> rope() {
        return rope;
    }

    @Override
    public CrossEntropy<DeviceBuffer> crossEntropy() {
        return crossEntropy;
    }

    @Override
    public AdamW<DeviceBuffer> adamW() {
        return adamW;
    }

    @Override
    public void close() {
        trainPartials.close();
        block.close();
        fastGemm.close();
        rt.close();
    }
}
