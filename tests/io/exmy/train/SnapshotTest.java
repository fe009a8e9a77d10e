package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.results.ResultsStore;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save_at: the token counts, the snapshots a run writes, and what a snapshot holds. */
class SnapshotTest {
    @Test
    void savePointsFromListsAndGeometricGrids() {
        assertArrayEquals(new long[] {100, 200, 400}, SavePoints.tokens("400, 100,200,100", 1000));
        assertArrayEquals(new long[] {50_000, 100_000, 200_000, 400_000, 800_000},
                SavePoints.tokens("geometric:50000:2", 800_768));
        assertArrayEquals(new long[] {10, 15, 23, 34}, SavePoints.tokens("geometric:10:1.5", 40));
        assertEquals("100,200,400", SavePoints.canonical("400,100,200", 1000));
        assertEquals("geometric:50000:2", SavePoints.canonical("geometric: 50000 : 2.0", 800_000));
        // rounded up to whole steps of 1024 tokens: 50,000 → step 49 (50,176 tokens)
        assertEquals(List.of(49, 98, 196, 391, 782), List.copyOf(SavePoints.steps("geometric:50000:2", 800_768, 1024)));
        assertThrows(IllegalArgumentException.class, () -> SavePoints.tokens("2000", 1000));
        assertThrows(IllegalArgumentException.class, () -> SavePoints.tokens("geometric:10:1", 1000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavePoints.tokens("1e5", 1000));
        assertTrue(e.getMessage().contains("geometric:FIRST:RATIO"), e.getMessage());
    }

    @Test
    void saveAtIsASettingOnlyWhenGiven() {
        ObjectNode plain = new TrainKind().normalize(TrainFixtures.json("{\"model\":\"nano\"}"));
        assertFalse(plain.has("save_at"), "runs without snapshots keep the ids they had");
        ObjectNode with = new TrainKind().normalize(TrainFixtures.json("{\"model\":\"nano\",\"save_at\":\"200000,100000\"}"));
        assertEquals("100000,200000", with.get("save_at").asText());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new TrainKind().normalize(TrainFixtures.json("{\"model\":\"nano\",\"tokens\":1000,\"save_at\":\"5000\"}")));
        assertEquals("save_at", e.key());
    }

    @Test
    void aRunWritesItsSnapshotsWithItsConfiguration(@TempDir Path dir) throws Exception {
        ObjectNode c = TrainFixtures.json("{\"model\":\"nano\",\"layers\":1,\"width\":16,\"heads\":2,\"context\":16,"
                + "\"corpus\":\"synthetic:symbols=8,order=1,length=60000\",\"batch_size\":4,\"tokens\":640,"
                + "\"lr\":0.003,\"eval_batches\":2,\"backend\":\"java\",\"save_at\":\"128,640\"}");
        RunConfig rc = RunConfig.of(TrainKind.NAME, new TrainKind().normalize(c));
        ResultsStore store = ResultsStore.openOrCreate(dir.resolve("store"));
        RunContext ctx = new RunContext(store, rc.id(), ProgressReporter.NONE);
        ObjectNode m = new TrainKind().run(rc, ctx);
        assertEquals(2, m.get("snapshots").size());
        Path last = store.dir().resolve(m.get("snapshots").get(1).get("path").asText());
        assertTrue(Files.isRegularFile(store.dir().resolve("models").resolve(rc.id()).resolve(ModelSnapshot.fileName(128))));
        ModelSnapshot s = ModelSnapshot.read(last);
        assertEquals(rc.id(), s.runId());
        assertEquals(10, s.step());
        assertEquals(640, s.tokens());
        assertEquals(rc.id(), RunConfig.of(TrainKind.NAME, s.config()).id(), "the snapshot holds the run's configuration");
        assertEquals(ParameterLayout.of(s.settings().model()).flatLength(), s.params().length);
        // the final snapshot is the model the run ended with: its validation loss is the record's
        try (Backend be = Backends.open("java");
             Gpt model = new Gpt(be, s.settings().model(), 4, QuantTargets.none(), false)) {
            model.loadParameters(s.params());
            io.exmy.data.BatchSampler sampler = TrainFixtures.sampler(s.settings());
            double sum = 0;
            for (int i = 0; i < 2; i++) {
                sum += model.forward(sampler.validation(i), false);
            }
            assertEquals(m.get("val_loss").floatValue(), (float) (sum / 2));
        }
        byte[] whole = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException cut = assertThrows(IOException.class, () -> ModelSnapshot.read(last));
        assertTrue(cut.getMessage().contains(last + " is damaged"), cut.getMessage());
        Files.write(last, new byte[16]);
        IOException e = assertThrows(IOException.class, () -> ModelSnapshot.read(last));
        assertTrue(e.getMessage().contains("not an exmy model snapshot"), e.getMessage());
    }
}
