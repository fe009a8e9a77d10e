package io.exmy.quantized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backend.BitAssert;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backends.Backends;
import io.exmy.block.BlockQuantizer;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.matmul.ExactGemm;
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
 * The quantized matmul against its definition written directly: the Java reference quantizer on A
 * (blocks along its rows) and B (blocks down its columns), the reference GEMM, the quantizer on C —
 * bit for bit, on the Java backend and every backend under test. Sizes leave partial blocks along K.
 */
@Tag("kernels")
class QuantizedMatmulTest {
    static final Backend JAVA = Backends.open("java");

    /** (A scheme, B scheme, C scheme or null); "none" = unquantized. */
    static final String[][] SCHEMES = {
        {"mxfp8_e4m3", "mxfp8_e4m3", null},
        {"mxfp4", "mxfp4/sr/seed=3", "mxfp8_e5m2"},
        {"nvfp4", "nvfp4", null},
        {"mxfp6_e3m2", "mxfp6_e2m3", null},
        {"e4m3/row/fp32/amax", "e5m2/b16/col/e8m0/ceil", "e4m3/tensor/fp32/amax"},
        {"none", "e2m1/b16/row/e4m3/amax", null},
    };

    static BlockScheme scheme(String s) {
        return s == null || s.equals("none") ? null : BlockSchemes.parse(s);
    }

    static Stream<Arguments> cases() {
        List<String> backends = new ArrayList<>(List.of("java"));
        backends.addAll(BackendFixture.UNDER_TEST);
        List<Arguments> out = new ArrayList<>();
        for (String b : backends) {
            for (String[] s : SCHEMES) {
                out.add(Arguments.of(b, s[0], s[1], s[2]));
            }
        }
        return out.stream();
    }

    /** The definition: fake-quantize A along K, B along K, multiply exactly, fake-quantize C. */
    static float[] reference(float[] a, float[] b, int m, int n, int k, BlockScheme sa, BlockScheme sb, BlockScheme sc) {
        float[] qa = sa == null ? a : BlockQuantizer.fakeQuantize(a, m, k, 0, QuantizedMatmul.alongK(sa, false));
        // A, B and C are one stream of element indices for stochastic rounding (docs/FORMATS.md).
        float[] qb = sb == null ? b : BlockQuantizer.fakeQuantize(b, k, n, (long) m * k, QuantizedMatmul.alongK(sb, true));
        float[] c = new float[m * n];
        ExactGemm.gemm(GemmShape.of(m, n, k, false, false), qa, 0, qb, 0, c, 0);
        return sc == null ? c : BlockQuantizer.fakeQuantize(c, m, n, (long) m * k + (long) k * n, sc);
    }

    static float[] run(Backend be, float[] a, float[] b, int m, int n, int k, BlockScheme sa, BlockScheme sb,
                       BlockScheme sc, QuantizedMatmul.Mode mode, QuantizedMatmul.Outcome[] outcome) {
        try (QuantizedMatmul qm = new QuantizedMatmul(be); DeviceBuffer da = be.upload(a); DeviceBuffer db = be.upload(b);
             DeviceBuffer dc = be.allocate(DType.F32, (long) m * n)) {
            QuantizedMatmul.Outcome o = qm.multiply(da, db, dc, m, n, k, sa, sb, sc, mode);
            if (outcome != null) {
                outcome[0] = o;
            }
            return be.downloadFloats(dc);
        }
    }

    @ParameterizedTest(name = "{0} A {1} B {2} C {3}")
    @MethodSource("cases")
    void exactModeIsTheDefinition(String backend, String as, String bs, String cs) {
        Backend be = backend.equals("java") ? JAVA : BackendFixture.get(backend);
        int m = 37;
        int n = 45;
        int k = 129; // 4 blocks of 32 and one of 1 along K; 8 of 16 and one of 1
        float[] a = GemmInputs.generate(GemmInputs.Kind.DYNAMIC_RANGE, m * k, 1);
        float[] b = GemmInputs.generate(GemmInputs.Kind.GAUSSIAN, k * n, 2);
        float[] want = reference(a, b, m, n, k, scheme(as), scheme(bs), scheme(cs));
        float[] got = run(be, a, b, m, n, k, scheme(as), scheme(bs), scheme(cs), QuantizedMatmul.Mode.EXACT, null);
        BitAssert.floatsEqual(want, got, null, backend + " quantized matmul");
    }

    /** The same scheme text serves for A and B: its blocks are turned to run along K. */
    @Test
    void schemesAreAppliedAlongK() {
        BlockScheme mx = BlockSchemes.parse("mxfp4");
        assertEquals(BlockSchemes.parse("mxfp4"), QuantizedMatmul.alongK(mx, false));
        assertEquals(BlockSchemes.parse("mxfp4/col"), QuantizedMatmul.alongK(mx, true));
        assertEquals(BlockSchemes.parse("mxfp4"), QuantizedMatmul.alongK(BlockSchemes.parse("mxfp4/col"), false));
        BlockScheme tensor = BlockSchemes.parse("e4m3/tensor/fp32/amax");
        assertEquals(tensor, QuantizedMatmul.alongK(tensor, true));
    }

    /** Fast mode without tensor cores runs the exact mode and says why; the result is the exact one. */
    @Test
    void fastModeFallsBackToExactWithoutTensorCores() {
        int m = 9;
        int n = 10;
        int k = 33;
        float[] a = GemmInputs.generate(GemmInputs.Kind.GAUSSIAN, m * k, 5);
        float[] b = GemmInputs.generate(GemmInputs.Kind.GAUSSIAN, k * n, 6);
        BlockScheme s = BlockSchemes.MXFP8_E4M3;
        QuantizedMatmul.Outcome[] o = new QuantizedMatmul.Outcome[1];
        float[] got = run(JAVA, a, b, m, n, k, s, s, null, QuantizedMatmul.Mode.FAST, o);
        assertEquals(QuantizedMatmul.Mode.EXACT, o[0].used());
        assertTrue(o[0].fallbackReason().contains("--backend cuda"), o[0].fallbackReason());
        BitAssert.floatsEqual(reference(a, b, m, n, k, s, s, null), got, null, "fast-mode fallback");
    }

    @Test
    void bf16RepresentabilityOfSchemes() {
        for (String ok : new String[] {"mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e3m2", "mxfp6_e2m3", "mxfp4", "nvfp4",
            "e4m3/b32/row/e4m3/amax", "bf16/b32/row/e8m0/floor", "e2m3/b32/row/e4m3/amax", "int8/b32/row/e8m0/floor",
            "e4m3/row/fp32/floor"}) {
            assertNull(QuantizedMatmul.bf16Reason(BlockSchemes.parse(ok)), ok);
        }
        for (String bad : new String[] {"e4m3/row/fp32/amax", "fp16/b32/row/e8m0/floor", "e4m3/b32/row/bf16/amax",
            "e3m4/b32/row/e4m3/amax"}) {
            assertNotNull(QuantizedMatmul.bf16Reason(BlockSchemes.parse(bad)), bad);
        }
        assertNotNull(QuantizedMatmul.bf16Reason(null));
    }
}
