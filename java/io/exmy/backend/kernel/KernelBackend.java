package io.exmy.backend.kernel;

import io.exmy.backend.Backend;
import io.exmy.backend.Checks;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.FastMatmulOps;
import io.exmy.backend.GemmShape;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/**
 * A backend that runs exmy's CUDA kernels, on the GPU ({@code cuda}) or under CPU emulation
 * ({@code emu}): the same launch code for both, so emulated tests exercise it too.
 */
public final class KernelBackend implements Backend, FastMatmulOps, io.exmy.backend.DelegatingTrainOps {
    private final KernelRuntime rt;
    private final CastKernels cast;
    private final TrainKernels train;
    private final MatmulKernels matmul;
    private final FastGemmKernels fastGemm;
    private final HadamardKernels hadamard;

    public KernelBackend(KernelRuntime runtime) {
        this.rt = runtime;
        this.cast = new CastKernels(runtime);
        this.train = new TrainKernels(runtime, this);
        this.matmul = new MatmulKernels(runtime);
        this.fastGemm = new FastGemmKernels(this, runtime, matmul);
        this.hadamard = new HadamardKernels(runtime);
    }

    @Override
    public io.exmy.backend.TrainOps trainOps() {
        return train;
    }

    public KernelRuntime runtime() {
        return rt;
    }

    @Override
    public String name() {
        return rt.name();
    }

    @Override
    public String device() {
        return rt.properties().name();
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long length) {
        return rt.allocate(this, dtype, length);
    }

    @Override
    public void upload(float[] src, DeviceBuffer dst) {
        Checks.owned(this, dst);
        Checks.holds(dst, DType.F32, src.length, "upload target");
        rt.upload(src, dst);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        Checks.owned(this, dst);
        Checks.holds(dst, DType.U8, src.length, "upload target");
        rt.upload(src, dst);
    }

    @Override
    public void upload(int[] src, DeviceBuffer dst) {
        Checks.owned(this, dst);
        Checks.holds(dst, DType.I32, src.length, "upload target");
        rt.upload(src, dst);
    }

    @Override
    public void download(DeviceBuffer src, int[] dst) {
        Checks.owned(this, src);
        Checks.holds(src, DType.I32, dst.length, "download source");
        rt.download(src, dst);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        Checks.owned(this, src);
        Checks.holds(src, DType.F32, dst.length, "download source");
        rt.download(src, dst);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        Checks.owned(this, src);
        Checks.holds(src, DType.U8, dst.length, "download source");
        rt.download(src, dst);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        Checks.copy(this, src, dst);
        rt.copy(src, dst, src.bytes());
    }

    @Override
    public void synchronize() {
        rt.synchronize();
    }

    @Override
    public double timeMillis(Runnable work) {
        return rt.timeMillis(work);
    }

    @Override
    public void close() {
        train.close();
        if (blockKernels != null) {
            blockKernels.close();
        }
        fastGemm.close();
        rt.close();
    }

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        Checks.cast(this, in, out, n);
        cast.cast(in, out, n, indexBase, spec);
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Checks.encode(this, in, codes, rows, cols, spec);
        cast.encode(in, codes, rows, cols, indexBase, spec);
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        Checks.decode(this, codes, out, rows, cols, format);
        cast.decode(codes, out, rows, cols, format);
    }

    @Override
    public void gemm(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        Checks.gemm(this, shape, a, b, c);
        matmul.gemm(shape, a, b, c);
    }

    @Override
    public String fastGemmUnavailableReason() {
        return fastGemm.unavailableReason();
    }

    /** The BF16 GEMM library the fast GEMM calls (cuBLAS version and binding), or why there is none. */
    public String fastGemmLibrary() {
        return fastGemm.describe();
    }

    @Override
    public void gemmBf16(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, float alpha) {
        Checks.gemm(this, shape, a, b, c);
        fastGemm.gemm(shape, a, b, c, alpha);
    }

    /**
     * The BF16 GEMM library's call alone (cuBLAS), on operands already packed by {@link #packBf16}
     * (U8 buffers, 2 bytes per element, laid out as {@code shape} says) — the benchmarks' baseline.
     */
    public void gemmBf16Packed(GemmShape shape, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c) {
        Checks.owned(this, a16, b16, c);
        Checks.holds(a16, DType.U8, 2 * shape.aExtent(), "packed BF16 A");
        Checks.holds(b16, DType.U8, 2 * shape.bExtent(), "packed BF16 B");
        Checks.holds(c, DType.F32, shape.cExtent(), "GEMM output C");
        fastGemm.gemmPacked(shape, a16, b16, c, 1.0f);
    }

    /**
     * The fast GEMM's packing step on its own (for its conformance test): {@code batch} float32
     * matrices of rows × cols (row stride ld, batch stride) from {@code x} into dense BF16 in
     * {@code out} (U8, 2 bytes per element). Returns 0 iff every value converted exactly.
     */
    public int packBf16(DeviceBuffer x, DeviceBuffer out, int rows, int cols, int ld, long stride, int batch) {
        Checks.owned(this, x, out);
        long last = rows == 0 || cols == 0 ? 0 : (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        Checks.holds(x, DType.F32, last, "BF16 packing input");
        Checks.holds(out, DType.U8, 2L * rows * cols * batch, "BF16 packing output");
        return fastGemm.pack(x, out, rows, cols, ld, stride, batch);
    }

    private BlockKernels blockKernels;

    private BlockKernels blocks() {
        if (blockKernels == null) {
            blockKernels = new BlockKernels(rt, this);
        }
        return blockKernels;
    }

    @Override
    public void fakeQuantize(DeviceBuffer in, DeviceBuffer out, long rows, long cols, long indexBase,
                             io.exmy.block.BlockScheme scheme) {
        Checks.blockFake(this, in, out, rows, cols);
        blocks().fakeQuantize(in, out, rows, cols, indexBase, scheme);
    }

    @Override
    public void quantize(DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, long rows,
                         long cols, long indexBase, io.exmy.block.BlockScheme scheme) {
        Checks.blockQuantize(this, in, codes, scales, tensorScale, rows, cols, scheme);
        blocks().quantize(in, codes, scales, tensorScale, rows, cols, indexBase, scheme);
    }

    @Override
    public void dequantize(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, DeviceBuffer out,
                           long rows, long cols, io.exmy.block.BlockScheme scheme) {
        Checks.blockDequantize(this, codes, scales, tensorScale, out, rows, cols, scheme);
        blocks().dequantize(codes, scales, tensorScale, out, rows, cols, scheme);
    }

    @Override
    public void hadamard(DeviceBuffer in, DeviceBuffer out, long rows, long cols, io.exmy.block.BlockShape.Axis axis,
                         io.exmy.transform.HadamardSpec spec) {
        Checks.hadamard(this, in, out, rows, cols, axis, spec);
        hadamard.transform(in, out, rows, cols, axis, spec);
    }
}
