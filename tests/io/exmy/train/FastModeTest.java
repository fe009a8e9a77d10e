package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backends.Backends;
import io.exmy.data.BatchSampler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fast mode: BF16 tensor-core GEMMs on the GPU, a clear error elsewhere. */
class FastModeTest {
    @Test
    void fastModeWithoutTensorCoresSaysWhy() {
        TrainSettings s = TrainFixtures.tiny("{\"fast\":true}");
        try (Backend be = Backends.open("java")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(be, s, TrainFixtures.sampler(s), "f").run(Trainer.Options.none()));
            assertTrue(e.getMessage().contains("fast mode") && e.getMessage().contains("cuda"), e.getMessage());
        }
    }

    private static float[] losses(Backend be, TrainSettings s, BatchSampler sampler) {
        var t = new Trainer(be, s, sampler, "f").run(Trainer.Options.none()).curve().train();
        float[] a = new float[t.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = t.get(i);
        }
        return a;
    }

    /** BF16 operands change each product by at most 2^−8 relative; over 20 steps of a tiny model the losses stay within 1%. */
    @Test
    @Tag("gpu")
    void fastModeTracksTheExactRunAndRepeatsItself() {
        TrainSettings exact = TrainFixtures.tiny("{\"tokens\":1280}");
        TrainSettings fast = TrainFixtures.tiny("{\"tokens\":1280,\"fast\":true}");
        BatchSampler sampler = TrainFixtures.sampler(exact);
        float[] want;
        try (Backend j = Backends.open("java")) {
            want = losses(j, exact, sampler);
        }
        Backend cuda = BackendFixture.get("cuda");
        float[] got = losses(cuda, fast, sampler);
        assertEquals(20, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 0.01 * want[i], "loss " + i);
        }
        assertArrayEquals(got, losses(cuda, fast, sampler));
    }
}
