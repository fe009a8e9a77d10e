package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backends.Backends;
import io.exmy.data.BatchSampler;
import io.exmy.data.Corpus;
import io.exmy.data.CorpusSpec;
import io.exmy.data.SyntheticCorpus;
import io.exmy.data.TokenSplit;
import io.exmy.data.Tokenizer;
import io.exmy.format.Format;
import io.exmy.results.Json;
import io.exmy.sweep.RunContext;
import java.util.Map;

/** One {@code train} run: data, backend, trainer, and the metrics its record keeps. */
final class TrainRun {
    private TrainRun() {
    }

    /** Trains {@code config}, checkpointing at most every {@code checkpointSeconds} ({@link TrainKind}). */
    static ObjectNode run(io.exmy.sweep.RunConfig config, RunContext ctx, double checkpointSeconds) {
        TrainSettings s = TrainSettings.of(config);
        Corpus corpus = CorpusSpec.open(s.corpus());
        Tokenizer tok = Tokenizer.named(s.tokenizer());
        ctx.progress().note("tokenizing " + corpus.id());
        int[] tokens = tok.encode(corpus.bytes());
        TokenSplit split = TokenSplit.of(tokens, s.valFraction());
        BatchSampler sampler = new BatchSampler(split, s.batchSize(), s.model().context(), s.seed());
        Backend be;
        try {
            be = Backends.open(s.backend());
        } catch (BackendUnavailableException e) {
            throw new IllegalArgumentException("backend '" + s.backend() + "' is unavailable: " + e.getMessage(), e);
        }
        try (be) {
            ctx.device(be.name() + ": " + be.device());
            java.util.TreeSet<Integer> saveSteps = SavePoints.steps(s.saveAt(), s.trainedTokens(), s.tokensPerStep());
            if (!saveSteps.isEmpty()) {
                ctx.modelDir(); // an unwritable models/ fails now, not after the first hours of training
            }
            Trainer.Snapshots snapshots = saveSteps.isEmpty() ? Trainer.Snapshots.NONE : new Trainer.Snapshots() {
                @Override
                public boolean wants(int step) {
                    return saveSteps.contains(step);
                }

                @Override
                public void save(int step, float[] params) throws java.io.IOException {
                    long d = step * s.tokensPerStep();
                    java.nio.file.Path f = ctx.modelDir().resolve(ModelSnapshot.fileName(d));
                    new ModelSnapshot(ctx.runId(), config.json(), step, d, params).write(f);
                    ctx.progress().note("saved the model after " + d + " tokens: " + f);
                }
            };
            Trainer.Recovery recovery = new Trainer.Recovery() {
                @Override
                public java.nio.file.Path moveAside(java.nio.file.Path file) {
                    return ctx.quarantine(file);
                }

                @Override
                public void notice(String text) {
                    ctx.notice(text);
                }
            };
            Trainer.Result r = new Trainer(be, s, sampler, ctx.runId()).run(
                    new Trainer.Options(ctx.checkpointDir(), checkpointSeconds, ctx.progress(), snapshots, recovery));
            ObjectNode o = metrics(s, r, be, corpus, split);
            if (!saveSteps.isEmpty()) {
                com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("snapshots");
                for (int step : saveSteps) {
                    long d = step * s.tokensPerStep();
                    java.nio.file.Path f = ctx.modelDir().resolve(ModelSnapshot.fileName(d));
                    if (java.nio.file.Files.isRegularFile(f)) {
                        ObjectNode e = a.addObject();
                        e.put("step", step);
                        e.put("D", d);
                        e.put("path", ctx.store().dir().relativize(f).toString());
                    }
                }
            }
            return o;
        }
    }

    static ObjectNode metrics(TrainSettings s, Trainer.Result r, Backend be, Corpus corpus, TokenSplit split) {
        ModelConfig m = s.model();
        QuantTargets targets = s.targets();
        ObjectNode o = Json.object();
        o.put("N", m.nonEmbeddingParameters());
        o.put("N_total", m.parameters());
        o.put("D", r.steps() * s.tokensPerStep());
        Map<String, String> described = targets.describe();
        KvQuant kv = s.kvQuant();
        boolean quantized = targets.any() || kv.any();
        o.put("quantized", quantized);
        // E, M, B: the element format and block size shared by every quantized operand (and the
        // keys/values); null for unquantized runs (so Sun et al.'s law, which needs them, leaves the
        // fp32 baseline out) and for mixes of formats or block sizes.
        Format f = sharedFormat(targets);
        Integer b = sharedBlock(targets);
        if (kv.any()) {
            f = !targets.any() || kv.format().equals(f) ? kv.format() : null;
            b = null; // per tensor or per head: no block length
        }
        if (f != null) {
            o.put("E", f.exponentBits());
            o.put("M", f.mantissaBits());
            o.put("format", f.toString());
        } else {
            o.putNull("E");
            o.putNull("M");
            o.put("format", quantized ? "mixed" : "fp32");
        }
        if (b != null) {
            o.put("B", b);
        } else {
            o.putNull("B");
        }
        ObjectNode t = o.putObject("targets");
        described.forEach(t::put);
        // Kumar et al.'s precisions: the bits of the weights' (forward GEMM), the activations'
        // (linear-layer inputs, forward GEMM) and the keys'/values' formats; null where unquantized
        putBits(o, "P_w", targets.scheme(QuantTargets.Operand.FWD_W));
        putBits(o, "P_a", targets.scheme(QuantTargets.Operand.FWD_X));
        putBits(o, "P_kv", kv.scheme());
        if (kv.any()) {
            o.put("kv", kv.describe());
            o.put("kv_granularity", kv.granularity().label);
        }
        float val = r.validationLoss();
        o.put("val_loss", val);
        if (s.tokenizer().equals("byte")) {
            o.put("val_bpb", val / Math.log(2));
        }
        if (!quantized) {
            o.put("baseline_loss", val); // the unquantized runs' loss alone: a target column for Chinchilla fits
        }
        o.put("train_loss", r.curve().meanTrainLast(Math.max(1, r.steps() / 20)));
        o.put("diverged", r.diverged());
        o.put("steps", r.steps());
        o.put("tokens_per_step", s.tokensPerStep());
        double tps = r.steps() * s.tokensPerStep() / r.trainSeconds();
        o.put("tokens_per_s", tps);
        double fpt = Throughput.flopsPerToken(m);
        o.put("flops_per_token", fpt);
        double peak = Throughput.peakFlops(be.name(), be.device(), s.fast());
        o.put("peak_flops", peak);
        o.put("mfu", tps * fpt / peak);
        o.put("fast", s.fast());
        o.put("train_s", r.trainSeconds());
        o.put("eval_s", r.evalSeconds());
        if (r.resumedAt() >= 0) {
            o.put("resumed_at_step", r.resumedAt());
        }
        o.put("grad_norm_last", r.lastGradNorm());
        o.put("corpus", corpus.id());
        o.put("train_tokens_available", split.train().length);
        o.put("val_tokens_available", split.validation().length);
        // Passes over the training split (epochs): tokens trained on ÷ tokens available. The sampler
        // draws windows at random positions, so above 1 the run has certainly seen data again.
        o.put("passes", (double) r.steps() * s.tokensPerStep() / split.train().length);
        if (corpus instanceof SyntheticCorpus sc) {
            o.put("source_entropy_bits", sc.entropyBitsPerSymbol());
        }
        o.set("curve", r.curve().toJson(s.tokensPerStep(), 50));
        return o;
    }

    private static void putBits(ObjectNode o, String key, io.exmy.block.BlockScheme scheme) {
        if (scheme == null) {
            o.putNull(key);
        } else {
            o.put(key, scheme.element().format().totalBits());
        }
    }

    private static Format sharedFormat(QuantTargets t) {
        Format f = null;
        for (QuantTargets.Operand op : QuantTargets.Operand.values()) {
            if (t.scheme(op) != null) {
                Format g = t.scheme(op).element().format();
                if (f != null && !f.equals(g)) {
                    return null;
                }
                f = g;
            }
        }
        return f;
    }

    private static Integer sharedBlock(QuantTargets t) {
        Integer b = null;
        for (QuantTargets.Operand op : QuantTargets.Operand.values()) {
            if (t.scheme(op) != null) {
                int g = t.scheme(op).shape().length();
                if (g == io.exmy.block.BlockShape.WHOLE || b != null && b != g) {
                    return null;
                }
                b = g;
            }
        }
        return b;
    }
}
