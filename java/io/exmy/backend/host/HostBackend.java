package io.exmy.backend.host;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.Checks;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.GemmShape;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;

/**
 * The scalar CUDA headers compiled for the CPU and called through JNA: the GPU's arithmetic at
 * CPU speed, multithreaded. The kernels' own launch structure is tested by {@code emu}.
 */
public final class HostBackend implements Backend, io.exmy.backend.DelegatingTrainOps {
    private final HostLibrary lib;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final HostTrainOps train;

    @Override
    public io.exmy.backend.TrainOps trainOps() {
        return train;
    }

    public HostBackend() {
        lib = NativeLibraries.load("host", HostLibrary.class);
        int abi = lib.exmy_host_abi_version();
        if (abi != HostLibrary.ABI_VERSION) {
            throw new BackendUnavailableException("libexmy_host.so has ABI " + abi + ", this build expects "
                    + HostLibrary.ABI_VERSION + ": rebuild with `mvn package`");
        }
        train = new HostTrainOps(this, lib, threads);
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public String device() {
        return "CPU, host-native CUDA C (" + threads + " threads, " + System.getProperty("os.arch") + ")";
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long length) {
        return new NativeBuffer(this, dtype, length);
    }

    private NativeBuffer own(DeviceBuffer b) {
        Checks.owned(this, b);
        return (NativeBuffer) b;
    }

    @Override
    public void upload(float[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.F32, src.length, "upload target");
        own(dst).pointer().write(0, src, 0, src.length);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.U8, src.length, "upload target");
        own(dst).pointer().write(0, src, 0, src.length);
    }

    @Override
    public void upload(int[] src, DeviceBuffer dst) {
        Checks.holds(dst, DType.I32, src.length, "upload target");
        own(dst).pointer().write(0, src, 0, src.length);
    }

    @Override
    public void download(DeviceBuffer src, int[] dst) {
        Checks.holds(src, DType.I32, dst.length, "download source");
        own(src).pointer().read(0, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        Checks.holds(src, DType.F32, dst.length, "download source");
        own(src).pointer().read(0, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        Checks.holds(src, DType.U8, dst.length, "download source");
        own(src).pointer().read(0, dst, 0, dst.length);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        Checks.copy(this, src, dst);
        lib.exmy_host_copy(own(dst).pointer(), own(src).pointer(), src.bytes(), threads);
    }

    @Override
    public void synchronize() {
    }

    @Override
    public void close() {
    }

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        Checks.cast(this, in, out, n);
        lib.exmy_host_cast_f32(own(in).pointer(), own(out).pointer(), n, indexBase, spec.words(), threads);
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Checks.encode(this, in, codes, rows, cols, spec);
        lib.exmy_host_encode(own(in).pointer(), own(codes).pointer(), rows, cols, indexBase, spec.words(),
                spec.format().codesPerByte(), threads);
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        Checks.decode(this, codes, out, rows, cols, format);
        lib.exmy_host_decode(own(codes).pointer(), own(out).pointer(), rows, cols, CastSpec.of(format).words(),
                format.codesPerByte(), threads);
    }

    @Override
    public void gemm(GemmShape s, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        Checks.gemm(this, s, a, b, c);
        int flags = (s.transA() ? 1 : 0) | (s.transB() ? 2 : 0) | (s.accumulate() ? 4 : 0); // EXMY_GEMM_*
        lib.exmy_host_gemm(own(a).pointer(), own(b).pointer(), own(c).pointer(), s.m(), s.n(), s.k(), s.lda(), s.ldb(),
                s.ldc(), s.strideA(), s.strideB(), s.strideC(), s.batch(), flags, threads);
    }

    @Override
    public void fakeQuantize(DeviceBuffer in, DeviceBuffer out, long rows, long cols, long indexBase,
                             io.exmy.block.BlockScheme scheme) {
        Checks.blockFake(this, in, out, rows, cols);
        lib.exmy_host_block_fake(own(in).pointer(), own(out).pointer(), rows, cols, indexBase, scheme.words(), threads);
    }

    @Override
    public void quantize(DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, long rows,
                         long cols, long indexBase, io.exmy.block.BlockScheme scheme) {
        Checks.blockQuantize(this, in, codes, scales, tensorScale, rows, cols, scheme);
        boolean scaleCodes = scheme.scaleFormat().hasCodes();
        lib.exmy_host_block_quantize(own(in).pointer(), own(codes).pointer(),
                scaleCodes ? own(scales).pointer() : null, scaleCodes ? null : own(scales).pointer(),
                scheme.tensorScale() ? own(tensorScale).pointer() : null, rows, cols, indexBase, scheme.words(), threads);
    }

    @Override
    public void dequantize(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, DeviceBuffer out,
                           long rows, long cols, io.exmy.block.BlockScheme scheme) {
        Checks.blockDequantize(this, codes, scales, tensorScale, out, rows, cols, scheme);
        boolean scaleCodes = scheme.scaleFormat().hasCodes();
        lib.exmy_host_block_dequantize(own(codes).pointer(), scaleCodes ? own(scales).pointer() : null,
                scaleCodes ? null : own(scales).pointer(), scheme.tensorScale() ? own(tensorScale).pointer() : null,
                own(out).pointer(), rows, cols, scheme.words(), threads);
    }

    @Override
    public void hadamard(DeviceBuffer in, DeviceBuffer out, long rows, long cols, io.exmy.block.BlockShape.Axis axis,
                         io.exmy.transform.HadamardSpec spec) {
        Checks.hadamard(this, in, out, rows, cols, axis, spec);
        if (rows * cols == 0) {
            return;
        }
        lib.exmy_host_hadamard(own(in).pointer(), own(out).pointer(), rows, cols,
                axis == io.exmy.block.BlockShape.Axis.ROW ? 0 : 1, spec.words(), threads);
    }
}
