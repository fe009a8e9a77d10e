package io.exmy.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.format.Format;
import io.exmy.format.Rounding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockSchemesTest {

    @Test
    void presetsAreTheOcpAndNvidiaDefinitions() {
        BlockScheme mx = BlockSchemes.parse("mxfp4");
        assertEquals(Format.E2M1, mx.element().format());
        assertEquals(BlockShape.alongRows(32), mx.shape());
        assertEquals(ScaleFormat.E8M0, mx.scaleFormat());
        assertEquals(ScaleRule.FLOOR, mx.rule());
        assertTrue(mx.element().saturate());
        assertEquals(Rounding.RNE, mx.element().rounding());
        assertFalse(mx.tensorScale());
        assertEquals(Format.E4M3, BlockSchemes.MXFP8_E4M3.element().format());
        assertEquals(Format.E5M2, BlockSchemes.MXFP8_E5M2.element().format());
        assertEquals(Format.E3M2, BlockSchemes.MXFP6_E3M2.element().format());
        assertEquals(Format.E2M3, BlockSchemes.MXFP6_E2M3.element().format());

        BlockScheme nv = BlockSchemes.parse("nvfp4");
        assertEquals(Format.E2M1, nv.element().format());
        assertEquals(BlockShape.alongRows(16), nv.shape());
        assertEquals(ScaleFormat.of(Format.E4M3), nv.scaleFormat());
        assertEquals(ScaleRule.AMAX, nv.rule());
        assertTrue(nv.tensorScale());
        assertEquals(nv, BlockSchemes.parse("e2m1/b16/row/ue4m3/amax/ts"));
        assertEquals("nvfp4", BlockSchemes.parse("e2m1/b16/row/e4m3/amax/ts").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e3m2", "mxfp6_e2m3", "mxfp4", "nvfp4", "mxfp4/col",
        "nvfp4/col/sr/seed=7", "mxfp8_e4m3/rtz/nosat/ftz", "mxfp4/rna", "mxfp6_e3m2/sr/seed=-3", "e3m2/b32/col/e8m0/ceil/sr/seed=-3",
        "e4m3/row/fp32/amax", "e4m3/col/fp32/amax", "e4m3/tensor/fp32/amax", "e5m2/b7/col/e8m0/ceil",
        "e2m3/b1/row/bf16/amax", "e3m2:bias=2/b64/row/e5m2/floor", "e2m1/b8/col/e4m3/amax/ts",
        "e4m3/b128/row/e4m3/amax", "fp16/b32/row/e8m0/floor/ftz"})
    void toStringRoundTrips(String text) {
        BlockScheme s = BlockSchemes.parse(text);
        assertEquals(text, s.toString());
        assertEquals(s, BlockSchemes.parse(s.toString()));
    }

    @Test
    void presetOptionsOverrideTheElementCastAndTheAxis() {
        BlockScheme s = BlockSchemes.parse("MXFP4/col/sr/seed=9/nosat");
        assertEquals(BlockShape.alongCols(32), s.shape());
        assertEquals(Rounding.SR, s.element().rounding());
        assertEquals(9, s.element().seed());
        assertFalse(s.element().saturate());
        assertEquals(BlockSchemes.MXFP4, BlockSchemes.parse("mxfp4/col/row"));
        assertEquals(BlockShape.perCol(), BlockSchemes.parse("e4m3/row/fp32/amax").transposed().shape());
        assertEquals(BlockShape.tensor(), BlockSchemes.parse("e4m3/tensor/fp32/amax").transposed().shape());
    }

    @Test
    void scaleFormats() {
        assertEquals(ScaleFormat.parse("e4m3"), ScaleFormat.parse("ue4m3"));
        assertEquals("e4m3", ScaleFormat.parse("UE4M3").toString());
        assertEquals(ScaleFormat.E8M0, ScaleFormat.parse("e8m0"));
        assertTrue(ScaleFormat.E8M0.hasCodes());
        assertFalse(ScaleFormat.FP32.hasCodes());
        assertFalse(ScaleFormat.parse("bf16").hasCodes());
        assertTrue(ScaleFormat.parse("e5m2").hasCodes());
        assertEquals(-127, ScaleFormat.E8M0.minPow2());
        assertEquals(-9, ScaleFormat.parse("e4m3").minPow2());
        assertEquals(8, ScaleFormat.parse("e4m3").maxPow2());
        assertEquals(-149, ScaleFormat.FP32.minPow2());
    }

    @Test
    void badSchemesSayWhatIsWrong() {
        assertMessage("e3m2/b32/row/e3m2/floor", "has no NaN");
        assertMessage("e3m2/b32/row/e8m0/floor/ts", "needs the amax rule");
        assertMessage("e2m1/b16/row/e8m0/amax/ts", "already covers float32's range");
        assertMessage("e2m1/b0/row/e8m0/floor", "at least 1");
        assertMessage("e2m1/b32/tensor/e8m0/floor", "no block size");
        assertMessage("e2m1/b32/diag/e8m0/floor", "unknown axis");
        assertMessage("e2m1/b32/row/e8m0/round", "unknown scale rule");
        assertMessage("e2m1/b32/row/e8m0", "expected a scale rule");
        assertMessage("e2m1/b32/row/e8m0/floor/fast", "unknown option 'fast'");
        assertMessage("e9m1/b32/row/e8m0/floor", "exponent bits");
        assertMessage("mxfp5", "cannot read block scheme 'mxfp5'");
        assertMessage("e2m1/row/b32/e8m0/floor", "scale format");
        assertMessage("e2m1/b1x16/e8m0/floor", "at least 2 rows");
        assertMessage("e2m1/b16/row/e4m3/amax/ts=te2", "unknown tensor-scale rule");
        assertMessage("e2m1/b16/row/e4m3/amax/compat=qpytorch/ftz", "drop ftz");
        assertThrows(IllegalArgumentException.class, () -> new BlockScheme(BlockSchemes.MXFP4.element(),
                new BlockShape(BlockShape.WHOLE, 16), ScaleFormat.E8M0, ScaleRule.FLOOR, false));
    }

    private static void assertMessage(String text, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockSchemes.parse(text));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void wireFormIsSeventeenWords() {
        int[] w = BlockSchemes.NVFP4.withSeed(0x1_0000_0002L).words();
        assertEquals(17, w.length);
        assertEquals(2, w[0]); // e2m1
        assertEquals(2, w[6]); // seed low
        assertEquals(1, w[7]); // seed high
        assertEquals(ScaleFormat.Kind.EXMY.code, w[8]);
        assertEquals(4, w[9]);
        assertEquals(ScaleRule.AMAX.code, w[13]);
        assertEquals(BlockScheme.FLAG_TENSOR_SCALE, w[14]);
        assertEquals(1, w[15]);
        assertEquals(16, w[16]);
    }
}
