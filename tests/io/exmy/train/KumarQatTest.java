package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backend.CallSpy;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backends.Backends;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.data.Batch;
import io.exmy.data.BatchSampler;
import io.exmy.data.Corpus;
import io.exmy.data.CorpusSpec;
import io.exmy.data.TokenSplit;
import io.exmy.data.Tokenizer;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.RunConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kumar et al.'s quantization-aware training ({@code quant: kumar}): which tensors are quantized at
 * which precision and granularity, in which products; that gradients are never quantized and pass
 * straight through; that int8 trains like fp32 and int3 measurably worse; determinism and agreement
 * of the CPU backends with the Java reference; the settings and the record's P_w, P_a, P_kv.
 */
class KumarQatTest {
    /** A fake-quantization the spy saw: its input and output buffers, 2-D view and scheme, and whether it ran in backward. */
    record Quantized(long rows, long cols, BlockScheme scheme, boolean backward, float[] values) {
    }

    record Gemm(GemmShape shape, Quantized a, Quantized b, boolean backward) {
    }

    /** Records fake-quantizations and GEMMs (whether before or after the backward pass began), delegating to Java. */
    static final class Spy {
        final Map<DeviceBuffer, Quantized> quantized = new IdentityHashMap<>();
        final List<Quantized> calls = new ArrayList<>();
        final List<Gemm> gemms = new ArrayList<>();
        boolean backward;
        final Backend backend;

        Spy() {
            backend = CallSpy.java((m, args, proceed) -> {
                Object result = proceed.call();
                if (m.getName().equals("fakeQuantize")) {
                    DeviceBuffer out = (DeviceBuffer) args[1];
                    long n = (long) args[2] * (long) args[3];
                    Quantized q = new Quantized((long) args[2], (long) args[3], (BlockScheme) args[5], backward,
                            values(out.slice(0, n)));
                    quantized.put(out, q);
                    calls.add(q);
                } else if (m.getName().equals("gemm")) {
                    gemms.add(new Gemm((GemmShape) args[0], quantized.get(args[1]), quantized.get(args[2]),
                            backward));
                }
                return result;
            });
        }

        private float[] values(DeviceBuffer b) {
            return backend.downloadFloats(b);
        }
    }

    private static final ModelConfig CFG = new ModelConfig(2, 16, 2, 8, 32, ModelConfig.Positions.ROPE);
    private static final int B = 2;
    private static final int N = B * 8;
    private static final int HS = 8;

    /** One step of the spied model with the quantization of {@code quant: kumar} and these precisions. */
    private static Spy step(String precisions) {
        TrainSettings k = TrainFixtures.tiny("{\"quant\":\"kumar\"," + precisions + "}");
        Spy spy = new Spy();
        try (Gpt m = new Gpt(spy.backend, CFG, B, k.targets(), false, false, k.kvQuant())) {
            m.loadParameters(Gpt2Init.parameters(m.layout(), 1));
            Batch batch = ModelGradientCheckTest.batch(CFG, 2);
            m.forward(batch, true);
            spy.backward = true;
            m.backward();
        }
        return spy;
    }

    private static BlockScheme scheme(Format f, BlockShape shape) {
        return BlockScheme.of(f, shape, ScaleFormat.FP32, ScaleRule.AMAX);
    }

    private static void check(Quantized got, BlockScheme want, long rows, long cols, String what) {
        assertNotNull(got, what + " must be quantized");
        assertEquals(want, got.scheme(), what + " scheme");
        assertEquals(rows, got.rows(), what + " rows");
        assertEquals(cols, got.cols(), what + " cols");
    }

    /** The vocabulary (32) is a dimension of the LM head's products only. */
    private static boolean isHead(GemmShape sh) {
        return sh.m() == 32 || sh.n() == 32 || sh.k() == 32;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensor", "head"})
    void eachTensorIsQuantizedAtItsPrecisionAndGranularityAndGradientsNever(String granularity) {
        KvQuant.Granularity g = KvQuant.Granularity.parse(granularity);
        Spy spy = step("\"pw\":4,\"pa\":8,\"pkv\":6,\"kv_granularity\":\"" + granularity + "\"");
        BlockScheme w = scheme(Format.INT4, BlockShape.perRow());
        BlockScheme x = scheme(Format.INT8, BlockShape.tensor());
        BlockScheme kv = scheme(Format.INT6, g == KvQuant.Granularity.TENSOR ? BlockShape.tensor() : BlockShape.perRow());
        int linear = 0;
        int attention = 0;
        for (Gemm gm : spy.gemms) {
            GemmShape sh = gm.shape();
            if (sh.batch() > 1) { // attention products over (batch × heads)
                attention++;
                assertNull(gm.a(), "the left operand of an attention product (Q, P, dS, dy) is never quantized");
                boolean readsKv = !sh.transA(); // Q·Kᵀ, P·V, dy·Vᵀ, dS·K read K or V; Pᵀ·dy, dSᵀ·Q do not
                if (readsKv) {
                    check(gm.b(), kv, B * 2, (long) 8 * HS, "attention K/V " + sh);
                } else {
                    assertNull(gm.b(), "Pᵀ·dy and dSᵀ·Q read no quantized tensor");
                }
                continue;
            }
            if (isHead(sh)) {
                assertNull(gm.a(), "LM head unquantized");
                assertNull(gm.b(), "LM head unquantized");
                continue;
            }
            linear++;
            if (!sh.transA() && sh.transB()) { // forward Y = X·Wᵀ
                assertFalse(gm.backward());
                check(gm.a(), x, N, sh.k(), "forward X per tensor");
                check(gm.b(), w, sh.n(), sh.k(), "forward W per output channel");
            } else if (!sh.transA()) { // dX = dY·W: W as in the forward (rows = out-features)
                assertNull(gm.a(), "dY is not quantized");
                check(gm.b(), w, sh.k(), sh.n(), "input-gradient W per output channel");
            } else { // dW = dYᵀ·X: X as in the forward
                assertNull(gm.a(), "dY is not quantized");
                check(gm.b(), x, N, sh.n(), "weight-gradient X per tensor");
            }
        }
        assertEquals(4 * 2 * 3, linear);
        assertEquals(6 * 2, attention, "two attention products forward and four backward per block");
        // keys and values: quantized once per block in the forward pass, from the unquantized split buffers
        long kvCalls = spy.calls.stream().filter(q -> q.scheme().equals(kv)).count();
        assertEquals(2 * 2, kvCalls);
        assertTrue(spy.calls.stream().filter(q -> q.scheme().equals(kv)).noneMatch(Quantized::backward),
                "K and V are quantized in the forward pass only");
        // the backward pass re-quantizes only the forward's own tensors (W, X), never a gradient
        for (Gemm gm : spy.gemms) {
            if (gm.backward() && gm.b() != null && gm.b().backward()) {
                assertTrue(gm.b().scheme().equals(w) || gm.b().scheme().equals(x), "backward quantizes W or X only");
            }
        }
    }

    @Test
    void backwardQuantizesTheForwardsTensorsToTheSameBits() {
        // dgrad's W and wgrad's X are quantized with the same deterministic scheme as in the forward
        // GEMM, to the same bits: the backward products see the forward's quantized tensors
        Spy spy = step("\"pw\":3,\"pa\":4,\"pkv\":\"none\",\"kv_granularity\":\"tensor\"");
        List<Quantized> fwd = spy.calls.stream().filter(q -> !q.backward()).toList();
        List<Quantized> bwd = spy.calls.stream().filter(Quantized::backward).toList();
        assertEquals(fwd.size(), bwd.size());
        for (Quantized b : bwd) {
            assertTrue(fwd.stream().anyMatch(f -> f.scheme().equals(b.scheme()) && f.rows() == b.rows()
                    && f.cols() == b.cols() && Arrays.equals(f.values(), b.values())),
                    "backward quantization " + b.scheme() + " " + b.rows() + "x" + b.cols() + " has a forward twin");
        }
    }

    @Test
    void gradientsPassStraightThroughTheKvQuantizer() {
        // At 16 bits the quantizer moves K and V by < 2^-15 of their amax: were the gradient not
        // passed through (zero, or cut at the quantizer), the QKV weights' gradient would differ
        // grossly from the unquantized model's; passed straight through it agrees closely.
        float[] plain = qkvGradient(KvQuant.none());
        float[] quant = qkvGradient(new KvQuant(Format.parse("e0m15"), KvQuant.Granularity.TENSOR));
        double num = 0;
        double den = 0;
        for (int i = 0; i < plain.length; i++) {
            num += (plain[i] - quant[i]) * (double) (plain[i] - quant[i]);
            den += plain[i] * (double) plain[i];
        }
        assertTrue(den > 0);
        assertTrue(Math.sqrt(num / den) < 1e-3, "relative gradient difference " + Math.sqrt(num / den));
        assertFalse(java.util.Arrays.equals(plain, quant), "the quantizer did run");
    }

    private static float[] qkvGradient(KvQuant kv) {
        try (Backend be = Backends.open("java"); Gpt m = new Gpt(be, CFG, B, QuantTargets.none(), false, false, kv)) {
            m.loadParameters(Gpt2Init.parameters(m.layout(), 1));
            m.forward(ModelGradientCheckTest.batch(CFG, 2), true);
            m.backward();
            float[] g = m.downloadGradients();
            ParameterLayout.Tensor t = m.layout().layer(0).qkvW();
            return java.util.Arrays.copyOfRange(g, (int) t.offset(), (int) (t.offset() + t.size()));
        }
    }

    /** The tiny model on an order-1 source over 8 symbols, 80 steps of 8 × 16 tokens at lr 0.01: it learns. */
    private static TrainSettings kumar(String pw, String pa, String pkv, String extra) {
        return TrainFixtures.tiny("{\"quant\":\"kumar\",\"pw\":\"" + pw + "\",\"pa\":\"" + pa + "\",\"pkv\":\"" + pkv
                + "\",\"tokens\":10240,\"batch_size\":8,\"lr\":0.01,\"positions\":\"rope\"" + extra + "}");
    }

    private static float loss(Backend be, TrainSettings s, BatchSampler sampler) {
        return new Trainer(be, s, sampler, "k").run(Trainer.Options.none()).validationLoss();
    }

    @Test
    void int8IsCloseToFp32AndInt3MeasurablyWorse() {
        TrainSettings fp32 = kumar("none", "none", "none", "");
        BatchSampler sampler = TrainFixtures.sampler(fp32);
        try (Backend be = Backends.open("java")) {
            float base = loss(be, fp32, sampler);
            float int8 = loss(be, kumar("8", "8", "8", ""), sampler);
            float int3 = loss(be, kumar("3", "3", "3", ""), sampler);
            // measured on host with the CLI: fp32 1.7497, int8 1.7569, int3 2.0195 nats
            assertTrue(Math.abs(int8 - base) < 0.02, "int8 " + int8 + " vs fp32 " + base);
            assertTrue(int3 - base > 0.1, "int3 " + int3 + " vs fp32 " + base);
        }
    }

    private static TrainSettings agreement() {
        // one step and one evaluation batch: the emulated kernels are slow
        return TrainFixtures.tiny("{\"quant\":\"kumar\",\"pw\":4,\"pa\":6,\"pkv\":5,\"kv_granularity\":\"head\","
                + "\"positions\":\"rope\",\"tokens\":64,\"eval_every\":1,\"eval_batches\":1}");
    }

    @Test
    void javaIsDeterministic() {
        TrainSettings s = agreement();
        BatchSampler sampler = TrainFixtures.sampler(s);
        try (Backend a = Backends.open("java"); Backend b = Backends.open("java")) {
            assertArrayEquals(BackendAgreementTest.losses(a, s, sampler), BackendAgreementTest.losses(b, s, sampler));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "emu"})
    void cpuBackendsMatchJavaBitForBit(String name) {
        TrainSettings s = agreement();
        BatchSampler sampler = TrainFixtures.sampler(s);
        float[] want;
        try (Backend j = Backends.open("java")) {
            want = BackendAgreementTest.losses(j, s, sampler);
        }
        float[] got = BackendAgreementTest.losses(BackendFixture.get(name), s, sampler);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                    name + " loss " + i + ": " + got[i] + " vs java " + want[i]);
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit(@TempDir java.nio.file.Path dir) {
        TrainSettings s = kumar("4", "6", "5", ",\"tokens\":1536,\"eval_every\":4,\"kv_granularity\":\"head\"");
        assertEquals(12, s.steps());
        BatchSampler sampler = TrainFixtures.sampler(s);
        try (Backend be = Backends.open("java")) {
            float[] whole = BackendAgreementTest.losses(be, s, sampler);
            Trainer.Options ckpt = new Trainer.Options(dir, 0, io.exmy.sweep.ProgressReporter.NONE);
            new Trainer(be, s, sampler, "agree").run(ckpt, 5); // "killed" after step 5
            Trainer.Result rest = new Trainer(be, s, sampler, "agree").run(ckpt);
            assertEquals(5, rest.resumedAt());
            assertEquals(Float.floatToRawIntBits(whole[whole.length - 1]), Float.floatToRawIntBits(rest.validationLoss()));
            float[] t = new float[rest.curve().train().size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = rest.curve().train().get(i);
            }
            assertArrayEquals(Arrays.copyOf(whole, t.length), t);
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesJavaOver20StepsAndRepeatsItself() {
        TrainSettings s = TrainFixtures.tiny("{\"quant\":\"kumar\",\"pw\":4,\"pa\":6,\"pkv\":5,"
                + "\"kv_granularity\":\"head\",\"positions\":\"rope\",\"tokens\":1280,\"eval_every\":5}");
        BatchSampler sampler = TrainFixtures.sampler(s);
        float[] want;
        try (Backend j = Backends.open("java")) {
            want = BackendAgreementTest.losses(j, s, sampler);
        }
        Backend cuda = BackendFixture.get("cuda");
        float[] got = BackendAgreementTest.losses(cuda, s, sampler);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * Math.abs(want[i]), "loss " + i);
        }
        assertArrayEquals(got, BackendAgreementTest.losses(cuda, s, sampler), "same seed, same losses to the bit");
    }

    private static ObjectNode norm(String json) {
        return new TrainKind().normalize(TrainFixtures.json(json));
    }

    @Test
    void settingsNormalizeAndMistakesNameTheSetting() {
        ObjectNode n = norm("{\"quant\":\"kumar\",\"pw\":4,\"pa\":\"INT8\",\"pkv\":\"e4m3\",\"kv_granularity\":\"HEAD\"}");
        assertEquals("int4", n.get("pw").asText());
        assertEquals("int8", n.get("pa").asText());
        assertEquals("e4m3", n.get("pkv").asText());
        assertEquals("head", n.get("kv_granularity").asText());
        assertEquals(RunConfig.of("train", n).id(), RunConfig.of("train",
                norm("{\"quant\":\"kumar\",\"pw\":\"e0m3\",\"pa\":8,\"pkv\":\"e4m3\",\"kv_granularity\":\"head\"}")).id());
        // other presets keep their configuration (and ids) without the new keys
        assertFalse(norm("{\"quant\":\"paper\",\"format\":\"e3m2\"}").has("pw"));
        assertEquals("pw", assertThrows(ConfigException.class, () -> norm("{\"quant\":\"paper\",\"pw\":4}")).key());
        assertEquals("format", assertThrows(ConfigException.class,
                () -> norm("{\"quant\":\"kumar\",\"format\":\"e2m1\"}")).key());
        assertEquals("pw", assertThrows(ConfigException.class, () -> norm("{\"quant\":\"kumar\",\"pw\":1}")).key());
        assertEquals("pa", assertThrows(ConfigException.class, () -> norm("{\"quant\":\"kumar\",\"pa\":\"int9x\"}")).key());
        assertEquals("kv_granularity", assertThrows(ConfigException.class,
                () -> norm("{\"quant\":\"kumar\",\"kv_granularity\":\"token\"}")).key());
    }

    @Test
    void recordsCarryThePrecisionsNullWhereUnquantized() {
        TrainSettings s = kumar("3", "none", "8", ",\"tokens\":128");
        Corpus corpus = CorpusSpec.open(s.corpus());
        TokenSplit split = TokenSplit.of(Tokenizer.named(s.tokenizer()).encode(corpus.bytes()), s.valFraction());
        try (Backend be = Backends.open("java")) {
            Trainer.Result r = new Trainer(be, s, TrainFixtures.sampler(s), "m").run(Trainer.Options.none());
            ObjectNode m = TrainRun.metrics(s, r, be, corpus, split);
            assertEquals(3, m.get("P_w").asInt());
            assertTrue(m.get("P_a").isNull());
            assertEquals(8, m.get("P_kv").asInt());
            assertEquals("int8/tensor/fp32/amax", m.get("kv").asText());
            assertEquals("int3/row/fp32/amax", m.get("targets").get("fwd.w").asText());
            assertEquals("int3/row/fp32/amax", m.get("targets").get("dgrad.w").asText());
            assertEquals("mixed", m.get("format").asText());
            assertFalse(m.has("baseline_loss"));
            ObjectNode none = TrainRun.metrics(kumar("none", "none", "none", ",\"tokens\":128"), r, be, corpus, split);
            assertTrue(none.get("P_w").isNull() && none.get("P_a").isNull() && none.get("P_kv").isNull());
            assertTrue(none.has("baseline_loss"));
        }
    }
}
