package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.exmy.backends.Backends;
import io.exmy.matmul.ErrorBound;
import io.exmy.matmul.GemmInputs;
import io.exmy.matmul.GemmShape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast GEMM (BF16 operands, cuBLAS on tensor cores) against the exact one on the GPU: every
 * output within {@link ErrorBound#fastVersusExact}'s bound, or the same NaN or infinity where the
 * operands decide it. Skips without a GPU (it needs the cuda backend); fails where there is a GPU
 * but cuBLAS cannot be opened.
 */
@Tag("gpu")
class FastGemmGpuTest {
    static final Backend JAVA = Backends.open("java");

    static Backend cuda() {
        Backend b = BackendFixture.get("cuda");
        String why = b.fastGemmUnavailableReason();
        if (why != null) {
            fail("the cuda backend runs here but its fast GEMM does not: " + why);
        }
        return b;
    }

    /** Values BF16 holds exactly: the generator's, with the low 16 bits cleared (NaN kept). */
    static float[] bf16(GemmInputs.Kind kind, int n, long seed) {
        float[] x = GemmInputs.generate(kind, n, seed);
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(x[i])) {
                x[i] = Float.intBitsToFloat(Float.floatToRawIntBits(x[i]) & 0xFFFF0000);
            }
        }
        return x;
    }

    static Stream<Arguments> cases() {
        List<GemmShape> shapes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            shapes.add(GemmShape.of(130, 257, 33, (t & 1) != 0, (t & 2) != 0));
        }
        shapes.add(GemmShape.of(1, 1, 1, false, false));
        shapes.add(GemmShape.of(67, 45, 129, false, false).accumulating(true));
        shapes.add(GemmShape.of(64, 96, 4096, false, true));
        shapes.add(GemmShape.of(33, 20, 17, false, false).batched(3, 33 * 17 + 5, 0, 33 * 20 + 7));
        shapes.add(GemmShape.of(45, 38, 29, true, true).withLeadingDims(45 + 1, 29 + 6, 38 + 1).accumulating(true));
        shapes.add(new GemmShape(37, 37, 16, false, true, 48, 48, 37, 3, 16, 16, 37L * 37, false));
        List<Arguments> out = new ArrayList<>();
        for (GemmShape s : shapes) {
            for (GemmInputs.Kind kind : GemmInputs.Kind.values()) {
                out.add(Arguments.of(s, kind));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void fastIsWithinTheBoundOfExact(GemmShape s, GemmInputs.Kind kind) {
        Backend b = cuda();
        long seed = s.hashCode() * 31L + kind.ordinal();
        float[] a = bf16(kind, (int) s.aExtent(), seed);
        float[] bm = bf16(kind, (int) s.bExtent(), seed + 1);
        float[] c0 = s.accumulate() ? bf16(kind, (int) s.cExtent(), seed + 2) : new float[(int) s.cExtent()];
        float[] exact = GemmConformanceTest.run(JAVA, s, a, 0, bm, 0, c0, 0);
        BitAssert.floatsEqual(exact, GemmConformanceTest.run(b, s, a, 0, bm, 0, c0, 0), null, "cuda exact GEMM");
        float[] fast;
        try (DeviceBuffer da = b.upload(a); DeviceBuffer db = b.upload(bm); DeviceBuffer dc = b.upload(c0)) {
            b.gemmBf16(s, da, db, dc);
            fast = b.downloadFloats(dc);
        }
        ErrorBound.Report r = ErrorBound.check(s, ErrorBound.elements(s, a, 0, bm, 0, c0, 0, ErrorBound.U_IEEE,
                ErrorBound.U_TENSOR_CORE), exact, fast, 0);
        assertTrue(r.ok(), s + " " + kind + ": " + r);
    }

    @Test
    void refusesOperandsThatBf16CannotHold() {
        Backend b = cuda();
        GemmShape s = GemmShape.of(8, 8, 8, false, false);
        float[] a = bf16(GemmInputs.Kind.GAUSSIAN, 64, 1);
        a[17] = 1 + 0x1p-12f;
        try (DeviceBuffer da = b.upload(a); DeviceBuffer db = b.upload(bf16(GemmInputs.Kind.GAUSSIAN, 64, 2));
             DeviceBuffer dc = b.allocate(DType.F32, 64)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.gemmBf16(s, da, db, dc));
            assertTrue(e.getMessage().contains("BF16"), e.getMessage());
        }
    }
}
