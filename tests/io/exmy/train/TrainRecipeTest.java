package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backends.Backends;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.data.Batch;
import io.exmy.data.BatchSampler;
import io.exmy.format.Rounding;
import io.exmy.sweep.ConfigException;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.transform.HadamardSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library recipes: each one's operands, schemes and transforms as docs/TRAINING.md states them,
 * each switch removing exactly its technique, the configuration rules, the Hadamard transform
 * leaving the weight gradient's exact product alone, and every recipe training a tiny model on the
 * host backend to the Java reference's losses bit for bit.
 */
class TrainRecipeTest {
    static final BlockScheme NVFP4 = BlockSchemes.parse("nvfp4");
    /** TE's NVFP4 weight scheme with 16×16 tiles: {@code nvfp4} but one scale per tile. */
    static final String NVFP4_2D = "e2m1/b16x16/e4m3/amax/ts";

    /** A recipe's targets as a run of the tiny model with these settings gets them. */
    static QuantTargets targets(String recipe, String more) {
        return TrainFixtures.targets("{\"quant\":\"" + recipe + "\"" + more + "}");
    }

    static BlockScheme along(Operand o, BlockScheme s) {
        return QuantTargets.schemeFor(o, s);
    }

    @Test
    void teNvfp4IsTransformerEnginesRecipe() {
        QuantTargets t = targets("te-nvfp4", "");
        BlockScheme tile = BlockSchemes.parse(NVFP4_2D);
        assertEquals(along(Operand.FWD_X, NVFP4), t.scheme(Operand.FWD_X));
        assertEquals(tile, t.scheme(Operand.FWD_W), "weights: one scale per 16×16 tile");
        assertEquals(tile, t.scheme(Operand.DGRAD_W), "the same tiles in the input-gradient GEMM");
        for (Operand g : List.of(Operand.DGRAD_DY, Operand.WGRAD_DY)) {
            assertEquals(Rounding.SR, t.scheme(g).element().rounding(), g + ": gradients round stochastically");
        }
        for (Operand o : List.of(Operand.FWD_X, Operand.FWD_W, Operand.DGRAD_W, Operand.WGRAD_X)) {
            assertEquals(Rounding.RNE, t.scheme(o).element().rounding(), o + ": nearest even");
        }
        assertEquals(along(Operand.WGRAD_X, NVFP4), t.scheme(Operand.WGRAD_X));
        for (Operand o : Operand.values()) {
            boolean wgrad = o == Operand.WGRAD_DY || o == Operand.WGRAD_X;
            assertEquals(wgrad ? HadamardSpec.te16() : null, t.transform(o), o + ": RHT on the wgrad operands only");
        }
    }

    @Test
    void eachSwitchRemovesItsTechniqueAlone() {
        QuantTargets all = targets("te-nvfp4", "");
        QuantTargets noRht = targets("te-nvfp4", ",\"rht\":false");
        QuantTargets noSr = targets("te-nvfp4", ",\"sr\":false");
        QuantTargets no2d = targets("te-nvfp4", ",\"scale_2d\":false");
        for (Operand o : Operand.values()) {
            assertNull(noRht.transform(o));
            assertEquals(all.scheme(o), noRht.scheme(o));
            assertEquals(all.transform(o), noSr.transform(o));
            assertEquals(all.transform(o), no2d.transform(o));
            assertEquals(Rounding.RNE, noSr.scheme(o).element().rounding());
            assertTrue(no2d.scheme(o).shape().isOneDimensional(), o + " without 2D: 1×16 along K");
        }
        assertEquals(along(Operand.DGRAD_W, NVFP4), no2d.scheme(Operand.DGRAD_W));
        // switches a recipe has no use for change nothing
        assertEquals(targets("te-mxfp8", ""),
                targets("te-mxfp8", ",\"rht\":false,\"sr\":false,\"scale_2d\":false"));
    }

    @Test
    void theOtherRecipes() {
        QuantTargets te8 = targets("te-mxfp8", "");
        QuantTargets ao8 = targets("torchao-mxfp8", "");
        QuantTargets ao4 = targets("torchao-mxfp4", "");
        for (Operand o : Operand.values()) {
            assertEquals(along(o, BlockSchemes.parse("mxfp8-te")), te8.scheme(o));
            assertEquals(along(o, BlockSchemes.MXFP8_E4M3), ao8.scheme(o));
            assertEquals(along(o, BlockSchemes.MXFP4), ao4.scheme(o));
            assertNull(te8.transform(o));
        }
        QuantTargets sun = targets("sun2025", ",\"format\":\"e3m2\",\"block\":64");
        BlockScheme q = BlockSchemes.parse("e3m2/b64/row/fp32/amax/compat=qpytorch");
        assertEquals(QuantTargets.none().with(Operand.FWD_W, q).with(Operand.DGRAD_W, q).with(Operand.WGRAD_X, q), sun);
        assertEquals(QuantTargets.none(), targets("sun2025", ",\"block\":64"), "fp32 = baseline");
    }

    @Test
    void configurationRules() {
        TrainSettings s = TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"sr\":false}");
        assertEquals(new Switches(true, false, true), s.quant().switches());
        assertTrue(assertThrows(ConfigException.class, () -> TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"format\":\"e2m1\"}"))
                .getMessage().contains("fixes its own formats"));
        assertTrue(assertThrows(ConfigException.class, () -> TrainFixtures.tiny("{\"quant\":\"paper\",\"format\":\"e2m1\","
                + "\"rht\":false}")).getMessage().contains("switch off parts of a recipe"));
        assertTrue(assertThrows(ConfigException.class, () -> TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"batch_size\":1,"
                + "\"context\":12}")).getMessage().contains("multiple of 16"));
        TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"batch_size\":1,\"context\":12,\"rht\":false}"); // fine without RHT
        assertEquals(new TrainKind().normalize(TrainFixtures.json("{\"quant\":\"paper\",\"format\":\"e3m2\"}")).has("rht"),
                false, "runs without a recipe keep their ids: no switch keys");
    }

    /** A transform on both operands along K leaves the exact product alone: gradients agree to rounding. */
    @Test
    void hadamardOnTheWeightGradientGemmKeepsItsProduct() {
        ModelConfig cfg = new ModelConfig(2, 16, 2, 16, 32, ModelConfig.Positions.LEARNED);
        float[] plain = gradients(cfg, QuantTargets.none());
        float[] rht = gradients(cfg, QuantTargets.none().withTransform(Operand.WGRAD_X, HadamardSpec.te16()));
        double maxAbs = 0;
        boolean differ = false;
        for (int i = 0; i < plain.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(plain[i]));
            differ |= plain[i] != rht[i];
        }
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], rht[i], 1e-5 * maxAbs, "gradient " + i);
        }
        assertTrue(differ, "the transform ran (its rounding shows in the last bits)");
    }

    private static float[] gradients(ModelConfig cfg, QuantTargets t) {
        try (Backend be = Backends.open("java"); Gpt m = new Gpt(be, cfg, 2, t, false)) {
            m.loadParameters(Gpt2Init.parameters(m.layout(), 1));
            Batch batch = ModelGradientCheckTest.batch(cfg, 2);
            m.forward(batch, true);
            m.backward();
            return m.downloadGradients();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sun2025", "te-mxfp8", "te-nvfp4", "torchao-mxfp8", "torchao-mxfp4"})
    void everyRecipeTrainsATinyModelAndHostMatchesJava(String recipe) {
        TrainSettings s = TrainFixtures.tiny("{\"quant\":\"" + recipe + "\",\"tokens\":256,\"eval_every\":2"
                + (recipe.equals("sun2025") ? ",\"format\":\"e3m2\",\"block\":8" : "") + "}");
        assertTrue(s.targets().any());
        BatchSampler sampler = TrainFixtures.sampler(s);
        Trainer.Result want;
        try (Backend j = Backends.open("java")) {
            want = new Trainer(j, s, sampler, "recipe").run(Trainer.Options.none());
        }
        assertTrue(Float.isFinite(want.validationLoss()), recipe + " trains");
        Trainer.Result got = new Trainer(BackendFixture.get("host"), s, sampler, "recipe").run(Trainer.Options.none());
        assertEquals(want.curve().train(), got.curve().train(), recipe + ": host's losses are java's");
        assertEquals(Float.floatToRawIntBits(want.validationLoss()), Float.floatToRawIntBits(got.validationLoss()));
    }

    @Test
    void rhtChangesTheNvfp4Run() {
        TrainSettings on = TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"tokens\":256}");
        TrainSettings off = TrainFixtures.tiny("{\"quant\":\"te-nvfp4\",\"tokens\":256,\"rht\":false}");
        BatchSampler sampler = TrainFixtures.sampler(on);
        Backend host = BackendFixture.get("host");
        assertNotEquals(new Trainer(host, on, sampler, "a").run(Trainer.Options.none()).curve().train(),
                new Trainer(host, off, sampler, "b").run(Trainer.Options.none()).curve().train());
    }
}
