package io.exmy.quantized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backend.BitAssert;
import io.exmy.backends.Backends;
import io.exmy.block.BlockQuantizer;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.matmul.ErrorBound;
import io.exmy.matmul.GemmInputs;
import io.exmy.matmul.GemmShape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quantized matmul's fast mode on the GPU: it really runs fast for BF16-exact schemes (NVFP4's
 * tensor scales as alpha included) and stays within {@link ErrorBound} of the exact mode; where
 * BF16 cannot hold the values it runs the exact mode, bit for bit. Skips without a GPU.
 */
@Tag("gpu")
class QuantizedMatmulGpuTest {
    static final Backend JAVA = Backends.open("java");

    static Backend cuda() {
        Backend b = BackendFixture.get("cuda");
        String why = b.fastGemmUnavailableReason();
        if (why != null) {
            fail("the cuda backend runs here but its fast GEMM does not: " + why);
        }
        return b;
    }

    @ParameterizedTest(name = "{0} × {1}, {2}")
    @CsvSource({"mxfp8_e4m3, mxfp8_e4m3, GAUSSIAN", "mxfp4, mxfp4, DYNAMIC_RANGE", "nvfp4, nvfp4, GAUSSIAN",
        "nvfp4, mxfp8_e5m2, DYNAMIC_RANGE", "mxfp6_e3m2, nvfp4, SPECIALS", "mxfp4, mxfp4, SUBNORMAL_PRODUCTS"})
    void fastIsWithinTheBoundOfExact(String as, String bs, GemmInputs.Kind kind) {
        Backend gpu = cuda();
        int m = 192;
        int n = 160;
        int k = 1056;
        BlockScheme sa = BlockSchemes.parse(as);
        BlockScheme sb = BlockSchemes.parse(bs);
        float[] a = GemmInputs.generate(kind, m * k, 11);
        float[] b = GemmInputs.generate(kind, k * n, 12);
        QuantizedMatmul.Outcome[] o = new QuantizedMatmul.Outcome[1];
        float[] fast = QuantizedMatmulTest.run(gpu, a, b, m, n, k, sa, sb, null, QuantizedMatmul.Mode.FAST, o);
        assertEquals(QuantizedMatmul.Mode.FAST, o[0].used(), () -> "fell back: " + o[0].fallbackReason());
        float[] exact = QuantizedMatmulTest.run(JAVA, a, b, m, n, k, sa, sb, null, QuantizedMatmul.Mode.EXACT, null);
        float[] qa = BlockQuantizer.fakeQuantize(a, m, k, 0, QuantizedMatmul.alongK(sa, false));
        float[] qb = BlockQuantizer.fakeQuantize(b, k, n, 0, QuantizedMatmul.alongK(sb, true));
        GemmShape s = GemmShape.of(m, n, k, false, false);
        int extra = sa.tensorScale() || sb.tensorScale() ? 2 : 0;
        ErrorBound.Report r = ErrorBound.check(s, ErrorBound.elements(s, qa, 0, qb, 0, new float[m * n], 0,
                ErrorBound.U_IEEE, ErrorBound.U_TENSOR_CORE, extra), exact, fast, 0);
        assertTrue(r.ok(), as + " × " + bs + " " + kind + ": " + r);
    }

    @Test
    void schemesBf16CannotHoldRunExactly() {
        Backend gpu = cuda();
        int m = 40;
        int n = 50;
        int k = 70;
        BlockScheme s = BlockSchemes.parse("e4m3/row/fp32/amax");
        float[] a = GemmInputs.generate(GemmInputs.Kind.GAUSSIAN, m * k, 1);
        float[] b = GemmInputs.generate(GemmInputs.Kind.GAUSSIAN, k * n, 2);
        QuantizedMatmul.Outcome[] o = new QuantizedMatmul.Outcome[1];
        float[] got = QuantizedMatmulTest.run(gpu, a, b, m, n, k, s, s, null, QuantizedMatmul.Mode.FAST, o);
        assertEquals(QuantizedMatmul.Mode.EXACT, o[0].used());
        assertTrue(o[0].fallbackReason().contains("significant bits"), o[0].fallbackReason());
        BitAssert.floatsEqual(QuantizedMatmulTest.reference(a, b, m, n, k, s, s, null), got, null, "exact fallback");
    }
}
