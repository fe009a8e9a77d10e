package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backend.CallSpy;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backends.Backends;
import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.block.BlockShape;
import io.exmy.data.Batch;
import io.exmy.matmul.GemmShape;
import io.exmy.train.QuantTargets.Operand;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each operand's scheme reaches exactly its GEMM operand: a spy backend records every
 * fake-quantization (its output buffer, shape and scheme) and every GEMM, and the test checks,
 * for each linear layer's forward, input-gradient and weight-gradient product, which operands
 * arrive quantized, with which block axis and over which shape — and that the attention products
 * never do.
 */
class QuantWiringTest {
    record Quantized(long rows, long cols, BlockScheme scheme) {
    }

    record Gemm(GemmShape shape, Quantized a, Quantized b) {
    }

    /** Records fakeQuantize and gemm calls, delegating everything to the Java reference. */
    static final class Spy {
        final Map<DeviceBuffer, Quantized> quantized = new IdentityHashMap<>();
        final List<Gemm> gemms = new ArrayList<>();
        final Backend backend;

        Spy() {
            backend = CallSpy.java((m, args, proceed) -> {
                if (m.getName().equals("fakeQuantize")) {
                    quantized.put((DeviceBuffer) args[1],
                            new Quantized((long) args[2], (long) args[3], (BlockScheme) args[5]));
                } else if (m.getName().equals("gemm")) {
                    gemms.add(new Gemm((GemmShape) args[0], quantized.get(args[1]), quantized.get(args[2])));
                }
                return proceed.call();
            });
        }
    }

    private static final ModelConfig CFG = new ModelConfig(2, 16, 2, 8, 32, ModelConfig.Positions.LEARNED);
    private static final int B = 2;
    private static final int N = B * 8;

    private static Spy step(QuantTargets targets, boolean head) {
        Spy spy = new Spy();
        try (Gpt m = new Gpt(spy.backend, CFG, B, targets, head)) {
            m.loadParameters(Gpt2Init.parameters(m.layout(), 1));
            Batch batch = ModelGradientCheckTest.batch(CFG, 2);
            m.forward(batch, true);
            m.backward();
        }
        return spy;
    }

    /** The expected quantization of one operand, or null. */
    private static void check(Quantized got, BlockScheme want, long rows, long cols, String what) {
        if (want == null) {
            assertEquals(null, got, what + " must not be quantized");
            return;
        }
        assertTrue(got != null, what + " must be quantized");
        assertEquals(rows, got.rows(), what + " rows");
        assertEquals(cols, got.cols(), what + " cols");
        assertEquals(want, got.scheme(), what + " scheme");
    }

    @Test
    void everyOperandReachesItsOwnGemmOperand() {
        BlockScheme s = BlockSchemes.parse("e2m1/b4/row/e8m0/floor");
        for (Operand only : Operand.values()) {
            QuantTargets t = QuantTargets.none().with(only, s);
            Spy spy = step(t, false);
            int linear = 0;
            for (Gemm g : spy.gemms) {
                GemmShape sh = g.shape();
                if (sh.batch() > 1) {
                    assertEquals(null, g.a(), "attention products are not quantized");
                    assertEquals(null, g.b(), "attention products are not quantized");
                    continue;
                }
                boolean headGemm = isHead(sh);
                if (headGemm) {
                    assertEquals(null, g.a(), "LM head unquantized unless asked");
                    assertEquals(null, g.b(), "LM head unquantized unless asked");
                    continue;
                }
                linear++;
                if (!sh.transA() && sh.transB()) { // forward Y = X·Wᵀ: m = rows, n = out, k = in
                    check(g.a(), t.scheme(Operand.FWD_X), N, sh.k(), "forward X");
                    check(g.b(), t.scheme(Operand.FWD_W), sh.n(), sh.k(), "forward W");
                } else if (!sh.transA()) { // dX = dY·W: m = rows, n = in, k = out
                    check(g.a(), t.scheme(Operand.DGRAD_DY), N, sh.k(), "input-gradient dY");
                    check(g.b(), t.scheme(Operand.DGRAD_W), sh.k(), sh.n(), "input-gradient W");
                } else { // dW = dYᵀ·X: m = out, n = in, k = rows
                    check(g.a(), t.scheme(Operand.WGRAD_DY), N, sh.m(), "weight-gradient dY");
                    check(g.b(), t.scheme(Operand.WGRAD_X), N, sh.n(), "weight-gradient X");
                }
            }
            assertEquals(4 * 2 * 3, linear, "three GEMMs for each of four linear layers in two blocks");
            BlockShape.Axis axis = t.scheme(only).shape().axis();
            assertEquals(only.axis, axis, only.label);
            assertEquals(4 * 2, spy.quantized.size() > 0 ? countQuantizations(spy) : -1, only.label);
        }
    }

    /** The vocabulary (32) is a dimension of the LM head's products only (C = 16, 3C, 4C, N = 16). */
    private static boolean isHead(GemmShape sh) {
        return sh.m() == 32 || sh.n() == 32 || sh.k() == 32;
    }

    private static int countQuantizations(Spy spy) {
        int n = 0;
        for (Gemm g : spy.gemms) {
            n += (g.a() != null ? 1 : 0) + (g.b() != null ? 1 : 0);
        }
        return n;
    }

    @Test
    void theHeadIsQuantizedWhenAsked() {
        Spy spy = step(TrainFixtures.targets("{\"quant\":\"all\",\"format\":\"e4m3\",\"block\":8}"), true);
        int head = 0;
        for (Gemm g : spy.gemms) {
            if (g.shape().batch() == 1 && isHead(g.shape())) {
                head++;
                assertTrue(g.a() != null && g.b() != null, "head GEMM operands quantized: " + g.shape());
            }
        }
        assertEquals(3, head);
    }

    @Test
    void quantizationChangesTheLossAndFp32MeansNone() {
        TrainSettings none = TrainFixtures.tiny("{}");
        TrainSettings paper = TrainFixtures.tiny("{\"quant\":\"paper\",\"format\":\"e2m1\",\"block\":8}");
        TrainSettings fp32 = TrainFixtures.tiny("{\"quant\":\"paper\",\"format\":\"fp32\",\"block\":8}");
        assertTrue(!fp32.targets().any());
        assertEquals(3, paper.targets().describe().size());
        try (Backend be = Backends.open("java")) {
            var sampler = TrainFixtures.sampler(none);
            float a = new Trainer(be, none, sampler, "a").run(Trainer.Options.none()).validationLoss();
            float b = new Trainer(be, paper, sampler, "b").run(Trainer.Options.none()).validationLoss();
            float c = new Trainer(be, fp32, sampler, "c").run(Trainer.Options.none()).validationLoss();
            assertNotEquals(a, b);
            assertEquals(Float.floatToRawIntBits(a), Float.floatToRawIntBits(c));
        }
    }
}
