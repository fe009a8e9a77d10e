package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.exmy.backend.kernel.KernelDevice;
import io.exmy.matmul.Bf16;
import io.exmy.matmul.GemmInputs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast GEMM's packing kernel ({@code exmy_pack_bf16}) against its Java twin {@link Bf16#pack},
 * byte for byte, on the kernel backends (emu, cuda): strided batches, a view at an odd offset,
 * special values, and the inexact-value report — zero exactly when every value is a BF16 value.
 */
@Tag("kernels")
class Bf16PackConformanceTest {

    static Backend kernelBackend(String name) {
        Backend b = BackendFixture.get(name);
        Assumptions.assumeTrue(KernelDevice.runtime(b).isPresent(), name + " runs no kernels: the packing kernel is not its");
        return b;
    }

    /** Values BF16 holds exactly: random floats with the low 16 bits cleared, NaN and inf among them. */
    static float[] bf16Values(int n, long seed) {
        float[] x = GemmInputs.generate(GemmInputs.Kind.SPECIALS, n, seed);
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(x[i])) {
                x[i] = Float.intBitsToFloat(Float.floatToRawIntBits(x[i]) & 0xFFFF0000);
            }
        }
        return x;
    }

    /** rows, cols, ld, batch stride, batch, view offset: unaligned rows, and aligned ones (16-byte loads). */
    static final int[][] LAYOUTS = {{37, 29, 33, 37 * 33 + 11, 3, 1}, {5, 66, 68, 5 * 68, 2, 0}, {3, 64, 64, 0, 2, 4}};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void packsLikeTheTwinAndReportsInexactValues(String backend) {
        Backend b = kernelBackend(backend);
        for (int[] l : LAYOUTS) {
            int rows = l[0];
            int cols = l[1];
            int ld = l[2];
            long stride = l[3];
            int batch = l[4];
            int off = l[5];
            int extent = (int) ((batch - 1) * stride + (long) (rows - 1) * ld + cols) + off;
            float[] exact = bf16Values(extent, 7);
            float[] inexact = exact.clone();
            inexact[off + (int) ((batch - 1) * stride) + (rows - 1) * ld + 3] = 1.0f + 0x1p-10f; // BF16 would round it
            for (float[] x : new float[][] {exact, inexact}) {
                boolean allExact = x == exact;
                try (DeviceBuffer in = b.upload(x); DeviceBuffer out = b.allocate(DType.U8, 2L * rows * cols * batch)) {
                    int bad = b.packBf16(in.slice(off, extent - off), out, rows, cols, ld, stride, batch);
                    assertEquals(allExact, bad == 0, backend + ": inexact count " + bad + " for layout " + rows + "×"
                            + cols);
                    BitAssert.bytesEqual(Bf16.pack(x, off, rows, cols, ld, stride, batch), b.downloadBytes(out),
                            backend + " BF16 packing of " + rows + "×" + cols + " ld " + ld);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.exmy.backend.BackendFixture#underTest")
    void everyLowHalfBitIsCaught(String backend) {
        Backend b = kernelBackend(backend);
        SplittableRandom r = new SplittableRandom(3);
        for (int bit = 0; bit < 16; bit++) {
            float[] y = bf16Values(16, bit);
            int i = r.nextInt(y.length);
            y[i] = Float.intBitsToFloat(0x3F800000 | (1 << bit)); // 1 + one low bit
            try (DeviceBuffer in = b.upload(y); DeviceBuffer out = b.allocate(DType.U8, 2L * y.length)) {
                assertEquals(false, b.packBf16(in, out, 1, y.length, y.length, 0, 1) == 0, "bit " + bit);
            }
        }
    }
}
