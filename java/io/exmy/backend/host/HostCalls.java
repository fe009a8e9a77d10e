package io.exmy.backend.host;

import io.exmy.backend.Device;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;
import io.exmy.transform.HadamardSpec;

/**
 * Casts, block scaling, the Hadamard transform and the exact GEMM of the host device: the calls of
 * {@code cuda/host/exmy_host.cpp}, {@code exmy_host_block.cpp}, {@code exmy_host_hadamard.cpp} and
 * {@code exmy_host_matmul.cpp}.
 */
final class HostCalls implements Device.Cast<NativeBuffer>, Device.Block<NativeBuffer>,
        Device.Hadamard<NativeBuffer>, Device.Matmul<NativeBuffer> {
    private final HostLibrary lib;
    private final int threads;

    HostCalls(HostLibrary lib, int threads) {
        this.lib = lib;
        this.threads = threads;
    }

    @Override
    public void cast(NativeBuffer in, NativeBuffer out, long n, long indexBase, CastSpec spec) {
        lib.exmy_host_cast_f32(in.pointer(), out.pointer(), n, indexBase, spec.words(), threads);
    }

    @Override
    public void encode(NativeBuffer in, NativeBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        lib.exmy_host_encode(in.pointer(), codes.pointer(), rows, cols, indexBase, spec.words(),
                spec.format().codesPerByte(), threads);
    }

    @Override
    public void decode(NativeBuffer codes, NativeBuffer out, long rows, long cols, Format format) {
        lib.exmy_host_decode(codes.pointer(), out.pointer(), rows, cols, CastSpec.of(format).words(),
                format.codesPerByte(), threads);
    }

    @Override
    public void fakeQuantize(NativeBuffer in, NativeBuffer out, long rows, long cols, long indexBase,
                             BlockScheme scheme) {
        lib.exmy_host_block_fake(in.pointer(), out.pointer(), rows, cols, indexBase, scheme.words(), threads);
    }

    @Override
    public void quantize(NativeBuffer in, NativeBuffer codes, NativeBuffer scales, NativeBuffer tensorScale, long rows,
                         long cols, long indexBase, BlockScheme scheme) {
        boolean scaleCodes = scheme.scaleFormat().hasCodes();
        lib.exmy_host_block_quantize(in.pointer(), codes.pointer(), scaleCodes ? scales.pointer() : null,
                scaleCodes ? null : scales.pointer(), NativeBuffer.pointerOf(tensorScale), rows, cols, indexBase,
                scheme.words(), threads);
    }

    @Override
    public void dequantize(NativeBuffer codes, NativeBuffer scales, NativeBuffer tensorScale, NativeBuffer out,
                           long rows, long cols, BlockScheme scheme) {
        boolean scaleCodes = scheme.scaleFormat().hasCodes();
        lib.exmy_host_block_dequantize(codes.pointer(), scaleCodes ? scales.pointer() : null,
                scaleCodes ? null : scales.pointer(), NativeBuffer.pointerOf(tensorScale), out.pointer(), rows, cols,
                scheme.words(), threads);
    }

    @Override
    public void hadamard(NativeBuffer in, NativeBuffer out, long rows, long cols, BlockShape.Axis axis,
                         HadamardSpec spec) {
        if (rows * cols == 0) {
            return;
        }
        lib.exmy_host_hadamard(in.pointer(), out.pointer(), rows, cols, axis == BlockShape.Axis.ROW ? 0 : 1,
                spec.words(), threads);
    }

    @Override
    public void gemm(GemmShape s, NativeBuffer a, NativeBuffer b, NativeBuffer c) {
        int flags = (s.transA() ? 1 : 0) | (s.transB() ? 2 : 0) | (s.accumulate() ? 4 : 0); // EXMY_GEMM_*
        lib.exmy_host_gemm(a.pointer(), b.pointer(), c.pointer(), s.m(), s.n(), s.k(), s.lda(), s.ldb(), s.ldc(),
                s.strideA(), s.strideB(), s.strideC(), s.batch(), flags, threads);
    }
}
