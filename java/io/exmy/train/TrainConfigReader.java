package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backends.Backends;
import io.exmy.data.CorpusSpec;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.ConfigFields;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code train} configuration — as a grid or the command line gives it, or normalized —
 * once: every setting with its type, range and default, the rules between them, into
 * {@link TrainSettings}, and the normalized configuration that the run id hashes. Normalizing is
 * reading ({@link TrainKind#normalize}), and so is loading a record's or a snapshot's
 * configuration ({@link TrainSettings#of}): one parser, one message per mistake.
 */
final class TrainConfigReader {
    record Read(TrainSettings settings, ObjectNode normalized) {
    }

    private TrainConfigReader() {
    }

    static Read read(ObjectNode raw) {
        ConfigFields f = new ConfigFields(TrainKind.NAME, raw);
        String model = f.string("model", "micro", s -> {
            ModelConfig.named(s);
            return s.toLowerCase(Locale.ROOT);
        });
        ModelConfig base = ModelConfig.named(model);
        int layers = (int) f.integer("layers", (long) base.layers(), 1, 1024);
        int width = (int) f.integer("width", (long) base.width(), 1, 1 << 16);
        int heads = (int) f.integer("heads", (long) base.heads(), 1, 1024);
        int context = (int) f.integer("context", (long) base.context(), 2, 1 << 16);
        String positions = f.choice("positions", base.positions().label(), List.of("learned", "rope"));
        String tokenizer = f.choice("tokenizer", "byte", List.of("byte", "gpt2"));
        ModelConfig m;
        try {
            m = new ModelConfig(layers, width, heads, context, TrainSettings.vocabOf(tokenizer),
                    ModelConfig.Positions.parse(positions));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("width", "kind " + TrainKind.NAME + ": " + e.getMessage());
        }
        String corpus = f.string("corpus", "sotu", CorpusSpec::canonical);
        double valFraction = f.number("val_fraction", 0.1, 0.001, 0.5);
        int batch = (int) f.integer("batch_size", 16L, 1, 1 << 20);
        long tokens = f.integer("tokens", 1_000_000L, 1, Long.MAX_VALUE / 4);
        long steps = (tokens + (long) batch * context - 1) / ((long) batch * context);
        if (steps > Integer.MAX_VALUE) {
            throw new ConfigException("tokens", "kind " + TrainKind.NAME + ": " + tokens + " tokens make " + steps
                    + " steps, more than 2^31: use a larger batch");
        }
        double lr = f.positive("lr", 1e-3);
        double lrFloor = f.number("lr_floor", 0.1, 0, 1);
        int warmup = (int) f.integer("warmup_steps", Math.max(1, (long) Math.ceil(steps * 0.05)), 0, Integer.MAX_VALUE);
        double beta1 = f.number("beta1", 0.9, 0, 0.999999);
        double beta2 = f.number("beta2", 0.95, 0, 0.999999);
        double eps = f.positive("eps", 1e-8);
        double weightDecay = f.number("weight_decay", 0.1, 0, 10);
        double gradClip = f.number("grad_clip", 1.0, 0, Double.MAX_VALUE);
        long seed = f.integer("seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        int evalEvery = (int) f.integer("eval_every", Math.max(1, steps / 10), 1, Integer.MAX_VALUE);
        int evalBatches = (int) f.integer("eval_batches", 10L, 1, 1_000_000);
        QuantSettingsReader quant = QuantSettingsReader.start(f);
        String backend = f.string("backend", "auto", s -> {
            if (!Backends.NAMES.contains(s)) {
                throw new IllegalArgumentException("unknown backend '" + s + "': use one of " + String.join(", ", Backends.NAMES));
            }
            return s;
        });
        boolean fast = f.bool("fast", false);
        long trained = steps * batch * context;
        String saveAt = f.string("save_at", "", v -> SavePoints.canonical(v, trained));
        if (saveAt.isEmpty()) {
            f.drop("save_at"); // absent when unused: the ids of runs without snapshots stay as they were
        }
        // last, so that a recipe's own settings can be told from every other setting of the kind
        QuantSettings q = quant.finish(f, m, batch);
        ObjectNode out = f.done();
        TrainSettings s = new TrainSettings(model, m, tokenizer, corpus, valFraction, batch, tokens, lr, lrFloor, warmup,
                beta1, beta2, eps, weightDecay, gradClip, seed, evalEvery, evalBatches, q, backend, fast, saveAt);
        return new Read(s, out);
    }
}
