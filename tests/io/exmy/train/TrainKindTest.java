package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunKinds;
import org.junit.jupiter.api.Test;

class TrainKindTest {
    private static ObjectNode norm(String json) {
        return new TrainKind().normalize(TrainFixtures.json(json));
    }

    @Test
    void isRegisteredAndFillsEveryDefault() {
        assertEquals(TrainKind.NAME, RunKinds.get("train").name());
        ObjectNode n = norm("{}");
        assertEquals("micro", n.get("model").asText());
        assertEquals(64, n.get("width").asInt());
        assertEquals("sotu", n.get("corpus").asText());
        assertEquals("none", n.get("quant").asText());
        assertEquals(1_000_000, n.get("tokens").asLong());
        // 1e6 tokens in steps of 16 × 128 = 489 steps: warmup 5%, evaluation every tenth
        assertEquals(25, n.get("warmup_steps").asInt());
        assertEquals(48, n.get("eval_every").asInt());
        TrainSettings s = TrainSettings.of(RunConfig.of(TrainKind.NAME, n));
        assertEquals(489, s.steps());
        assertEquals(489L * 2048, s.trainedTokens());
        assertEquals(256, s.model().vocab());
    }

    /** The interval reaches Trainer.Options through the kind (no system property), and is no part of the id. */
    @Test
    void theCheckpointIntervalTravelsInTheKind() {
        assertEquals(TrainKind.CHECKPOINT_SECONDS, new TrainKind().checkpointSeconds());
        assertEquals(0.0, new TrainKind(0).checkpointSeconds());
        assertThrows(IllegalArgumentException.class, () -> new TrainKind(-1));
        assertThrows(IllegalArgumentException.class, () -> new TrainKind(Double.NaN));
        assertEquals(RunConfig.of("train", new TrainKind(0).normalize(TrainFixtures.json("{}"))).id(),
                RunConfig.of("train", norm("{}")).id());
    }

    @Test
    void spellingsOfOneRunHaveOneId() {
        String a = RunConfig.of("train", norm("{\"model\":\"MINI\",\"layers\":3,\"format\":\"E3M2\",\"quant\":\"paper\"}")).id();
        String b = RunConfig.of("train", norm("{\"model\":\"mini\",\"format\":\"e3m2\",\"quant\":\"paper\",\"block\":32}")).id();
        assertEquals(a, b);
        assertNotEquals(a, RunConfig.of("train", norm("{\"model\":\"mini\",\"format\":\"e2m1\",\"quant\":\"paper\"}")).id());
        assertEquals("synthetic:symbols=8,order=2,spread=1.5,length=2000000,seed=0",
                norm("{\"corpus\":\"synthetic\"}").get("corpus").asText());
    }

    @Test
    void mistakesNameTheSetting() {
        ConfigException e = assertThrows(ConfigException.class, () -> norm("{\"lr\":-1}"));
        assertEquals("lr", e.key());
        e = assertThrows(ConfigException.class, () -> norm("{\"format\":\"e9m1\",\"quant\":\"paper\"}"));
        assertEquals("format", e.key());
        e = assertThrows(ConfigException.class, () -> norm("{\"quant_ops\":\"fwd.x\"}"));
        assertEquals("quant_ops", e.key());
        e = assertThrows(ConfigException.class, () -> norm("{\"tokenizer\":\"bpe\"}"));
        assertTrue(e.getMessage().contains("gpt2"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> norm("{\"backend\":\"gpu\"}"));
        assertEquals("backend", e.key());
    }
}
