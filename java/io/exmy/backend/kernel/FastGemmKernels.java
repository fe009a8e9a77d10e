package io.exmy.backend.kernel;

import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.DType;
import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.matmul.GemmShape;

/**
 * The fast GEMM on a kernel runtime: both operands packed densely into BF16 by
 * {@code exmy_pack_bf16} (which counts values BF16 cannot hold), then the runtime's BF16 GEMM
 * library. Scratch memory for the BF16 images grows as needed and is kept between calls (device
 * allocation is slow); the library is opened on first use.
 */
final class FastGemmKernels implements Device.FastGemm<DeviceBuffer>, AutoCloseable {
    private final KernelRuntime rt;
    private final MatmulKernels kernels;
    private Bf16Gemm library;
    private String unavailable;
    /** The operands' BF16 images. */
    private final Scratch imageA;
    private final Scratch imageB;
    /** The packing kernel's two inexact-value counters (A's, B's). */
    private final Scratch counts;

    FastGemmKernels(KernelRuntime rt, MatmulKernels kernels) {
        this.rt = rt;
        this.kernels = kernels;
        this.imageA = new Scratch(rt, DType.U8, 1);
        this.imageB = new Scratch(rt, DType.U8, 1);
        this.counts = new Scratch(rt, DType.I32, 2);
    }

    /** Null once the library is open, else why it cannot be. */
    @Override
    public synchronized String unavailableReason() {
        if (library == null && unavailable == null) {
            try {
                library = rt.bf16Gemm();
            } catch (BackendUnavailableException e) {
                unavailable = e.getMessage();
            }
        }
        return library != null ? null : unavailable;
    }

    @Override
    public synchronized String library() {
        return unavailableReason() == null ? library.describe() : "unavailable: " + unavailable;
    }

    @Override
    public synchronized void gemm(GemmShape s, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, float alpha) {
        String why = unavailableReason();
        if (why != null) {
            throw new BackendUnavailableException("the fast (BF16 tensor-core) GEMM is unavailable on backend '"
                    + rt.name() + "': " + why);
        }
        if (s.m() == 0 || s.n() == 0) {
            return;
        }
        // Each operand as stored: rows × cols with its leading dimension; a zero batch stride (one
        // matrix for every batch) is packed once and stays broadcast.
        int aRows = s.transA() ? s.k() : s.m();
        int aCols = s.transA() ? s.m() : s.k();
        int bRows = s.transB() ? s.n() : s.k();
        int bCols = s.transB() ? s.k() : s.n();
        int aBatches = s.strideA() == 0 ? 1 : s.batch();
        int bBatches = s.strideB() == 0 ? 1 : s.batch();
        long aDense = (long) aRows * aCols;
        long bDense = (long) bRows * bCols;
        DeviceBuffer a16 = imageA.atLeast(2 * aDense * aBatches);
        DeviceBuffer b16 = imageB.atLeast(2 * bDense * bBatches);
        DeviceBuffer inexact = zeroedCounts();
        kernels.packBf16(a, a16, aRows, aCols, s.lda(), s.strideA(), aBatches, inexact.slice(0, 1));
        kernels.packBf16(b, b16, bRows, bCols, s.ldb(), s.strideB(), bBatches, inexact.slice(1, 1));
        int[] bad = readInts(inexact, 2);
        if (bad[0] != 0 || bad[1] != 0) {
            throw new IllegalArgumentException("the fast GEMM needs operands that BF16 holds exactly (float32 values"
                    + " whose low 16 bits are zero), but " + (bad[0] != 0 ? "A" : "B") + " has values that would be"
                    + " rounded: quantize it to a format with at most 8 exponent and 7 mantissa bits, or use the"
                    + " exact GEMM");
        }
        GemmShape dense = new GemmShape(s.m(), s.n(), s.k(), s.transA(), s.transB(), aCols, bCols, s.ldc(), s.batch(),
                s.strideA() == 0 ? 0 : aDense, s.strideB() == 0 ? 0 : bDense, s.strideC(), s.accumulate());
        library.gemm(dense, a16, b16, c, alpha);
    }

    /** The library call alone, on operands already packed (dense BF16 images laid out as {@code s} says). */
    @Override
    public synchronized void gemmPacked(GemmShape s, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c, float alpha) {
        String why = unavailableReason();
        if (why != null) {
            throw new BackendUnavailableException("the BF16 GEMM library is unavailable on backend '" + rt.name()
                    + "': " + why);
        }
        library.gemm(s, a16, b16, c, alpha);
    }

    /** Packs for tests of the kernel: returns how many threads met an inexact value (0 iff none). */
    @Override
    public synchronized int pack(DeviceBuffer x, DeviceBuffer out, int rows, int cols, int ld, long stride, int batch) {
        DeviceBuffer inexact = zeroedCounts();
        kernels.packBf16(x, out, rows, cols, ld, stride, batch, inexact.slice(0, 1));
        return readInts(inexact, 1)[0];
    }

    /** The two inexact-value counters, set to zero. */
    private DeviceBuffer zeroedCounts() {
        DeviceBuffer c = counts.atLeast(2);
        rt.upload(new int[2], c);
        return c;
    }

    private int[] readInts(DeviceBuffer b, int n) {
        int[] out = new int[n];
        rt.download(b, out);
        return out;
    }

    @Override
    public synchronized void close() {
        imageA.close();
        imageB.close();
        counts.close();
        if (library != null) {
            library.close();
            library = null;
        }
    }
}
