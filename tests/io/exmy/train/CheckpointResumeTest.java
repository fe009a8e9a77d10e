package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.data.BatchSampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped and resumed from its checkpoint computes the same bits as an uninterrupted run. */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    private static float[] bits(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() {
        // paper targets with stochastic rounding: the quantizers' bits must resume too
        TrainSettings s = TrainFixtures.tiny("{\"tokens\":1600,\"eval_every\":5,\"quant\":\"paper\",\"format\":\"e3m2\","
                + "\"block\":8,\"quant_ops\":\"fwd.x=e4m3/b8/row/fp32/amax/sr/seed=3\"}");
        assertEquals(25, s.steps());
        BatchSampler sampler = TrainFixtures.sampler(s);
        try (Backend be = Backends.open("java")) {
            Trainer.Result whole = new Trainer(be, s, sampler, "run").run(Trainer.Options.none());
            Trainer.Options ckpt = new Trainer.Options(dir, 0, io.exmy.sweep.ProgressReporter.NONE);
            Trainer.Result first = new Trainer(be, s, sampler, "run").run(ckpt, 12); // "killed" after step 12
            assertEquals(12, first.steps());
            assertTrue(Files.exists(dir.resolve(Checkpoint.FILE)));
            Trainer.Result rest = new Trainer(be, s, sampler, "run").run(ckpt);
            assertEquals(12, rest.resumedAt());
            assertEquals(25, rest.steps());
            assertArrayEquals(bits(whole.curve().train()), bits(rest.curve().train()));
            assertEquals(whole.curve().evals(), rest.curve().evals());
            assertEquals(5, rest.curve().evals().size());
            assertEquals(Float.floatToRawIntBits(whole.validationLoss()), Float.floatToRawIntBits(rest.validationLoss()));
        }
    }

    @Test
    void aCheckpointOfAnotherRunOrADamagedOneIsRefused() throws IOException {
        TrainSettings s = TrainFixtures.tiny("{}");
        BatchSampler sampler = TrainFixtures.sampler(s);
        Trainer.Options ckpt = new Trainer.Options(dir, 0, io.exmy.sweep.ProgressReporter.NONE);
        try (Backend be = Backends.open("java")) {
            new Trainer(be, s, sampler, "run-a").run(ckpt, 3);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> new Trainer(be, s, sampler, "run-b").run(ckpt));
            assertTrue(e.getMessage().contains("belongs to another run"), e.getMessage());
            Path f = dir.resolve(Checkpoint.FILE);
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
            e = assertThrows(UncheckedIOException.class, () -> new Trainer(be, s, sampler, "run-a").run(ckpt));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("damaged"), e.getMessage());
        }
    }
}
