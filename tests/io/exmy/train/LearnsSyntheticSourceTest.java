package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.data.CorpusSpec;
import io.exmy.data.SyntheticCorpus;
import org.junit.jupiter.api.Test;

/**
 * Training works: on an order-1 Markov source of known entropy rate H, the validation loss falls
 * from log 8 (uniform over the 8 symbols) to within 3% of H·ln 2 nats, the best any model can do.
 * The validation estimate averages 5,120 tokens whose losses spread by about one nat, so its own
 * noise is about 0.015 nats; the lower bound allows three times that below H.
 */
class LearnsSyntheticSourceTest {
    @Test
    void validationLossApproachesTheSourceEntropy() {
        TrainSettings s = TrainFixtures.tiny("{\"width\":32,\"context\":32,\"batch_size\":16,\"tokens\":200000,"
                + "\"lr\":0.01,\"eval_batches\":10,\"corpus\":\"synthetic:symbols=8,order=1,length=1000000\"}");
        double h = ((SyntheticCorpus) CorpusSpec.open(s.corpus())).entropyBitsPerSymbol() * Math.log(2);
        try (Backend be = Backends.open("java")) {
            Trainer.Result r = new Trainer(be, s, TrainFixtures.sampler(s), "learn").run(Trainer.Options.none());
            double first = r.curve().evals().get(0).loss();
            double last = r.validationLoss();
            assertTrue(first > last + 0.3, "loss falls: " + r.curve().evals());
            assertTrue(last < 1.03 * h, "val " + last + " nats vs entropy " + h);
            assertTrue(last > h - 0.045, "val " + last + " nats cannot beat the entropy " + h + " by more than noise");
        }
    }
}
