package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.data.BatchSampler;
import io.exmy.data.CorpusSpec;
import io.exmy.data.TokenSplit;
import io.exmy.data.Tokenizer;
import io.exmy.results.Json;
import io.exmy.sweep.RunConfig;

/** Small runs for tests: settings from JSON text (normalized like a grid's), on a synthetic corpus. */
final class TrainFixtures {
    private TrainFixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A tiny model (2 layers, width 16, 2 heads, context 16) on an order-1 synthetic source; {@code extra} overrides. */
    static TrainSettings tiny(String extra) {
        ObjectNode c = json("{\"model\":\"nano\",\"layers\":2,\"width\":16,\"heads\":2,\"context\":16,"
                + "\"corpus\":\"synthetic:symbols=8,order=1,length=60000\",\"batch_size\":4,\"tokens\":1280,"
                + "\"lr\":0.003,\"eval_batches\":2}");
        c.setAll(json(extra));
        return TrainSettings.of(RunConfig.of(TrainKind.NAME, new TrainKind().normalize(c)));
    }

    /** The quantized operands of the tiny model's run with {@code extra}'s settings (its recipe's, then quant_ops). */
    static QuantTargets targets(String extra) {
        return tiny(extra).targets();
    }

    static BatchSampler sampler(TrainSettings s) {
        int[] tokens = Tokenizer.named(s.tokenizer()).encode(CorpusSpec.open(s.corpus()).bytes());
        return new BatchSampler(TokenSplit.of(tokens, s.valFraction()), s.batchSize(), s.model().context(), s.seed());
    }
}
