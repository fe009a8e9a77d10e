package io.exmy.ptq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backends.Backends;
import io.exmy.data.BatchSampler;
import io.exmy.data.Corpus;
import io.exmy.data.CorpusSpec;
import io.exmy.data.TokenSplit;
import io.exmy.data.Tokenizer;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.matmul.GemmShape;
import io.exmy.results.Json;
import io.exmy.sweep.RunContext;
import io.exmy.train.Gpt;
import io.exmy.train.ModelConfig;
import io.exmy.train.ModelSnapshot;
import io.exmy.train.ParameterLayout;
import io.exmy.train.QuantTargets;
import io.exmy.train.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One {@code ptq} run: the snapshot's model on the backend; the validation loss; every linear
 * layer's weights quantized in forward order (RTN, or GPTQ with each layer's Hessian collected on
 * calibration sequences through the model whose earlier layers are already quantized); the
 * validation loss again on the same batches.
 */
public final class PtqRun {
    private PtqRun() {
    }

    /** The snapshot file: an absolute path, or a path relative to the store (else to the working directory). */
    static Path resolve(String checkpoint, Path storeDir) {
        Path p = Path.of(checkpoint);
        if (p.isAbsolute()) {
            return p;
        }
        Path inStore = storeDir.resolve(p);
        return Files.exists(inStore) ? inStore : p.toAbsolutePath();
    }

    public static ObjectNode run(PtqSettings s, RunContext ctx) throws IOException {
        Path file = resolve(s.checkpoint(), ctx.store().dir());
        ModelSnapshot snap = ModelSnapshot.read(file);
        if (!snap.verified()) {
            ctx.notice("snapshot " + file + " is of format 1, written before snapshots had a checksum: read unverified");
        }
        TrainSettings ts = snap.settings();
        Corpus corpus = CorpusSpec.open(ts.corpus());
        Tokenizer tok = Tokenizer.named(ts.tokenizer());
        ctx.progress().note("tokenizing " + corpus.id());
        TokenSplit split = TokenSplit.of(tok.encode(corpus.bytes()), ts.valFraction());
        Backend be;
        try {
            be = Backends.open(s.backend());
        } catch (BackendUnavailableException e) {
            throw new IllegalArgumentException("backend '" + s.backend() + "' is unavailable: " + e.getMessage(), e);
        }
        try (be) {
            ctx.device(be.name() + ": " + be.device());
            Path codesDir = s.saveCodes() ? ctx.modelDir() : null;
            Result r = quantize(be, ts, snap.params(), split, s, codesDir, ctx.progress()::note);
            return metrics(s, ts, snap, r);
        }
    }

    /** What a PTQ run measured. */
    public record Result(float lossBefore, float lossAfter, float[] params, double[] layerLoss, int calibSeqs,
                         int evalBatches, double seconds) {
    }

    /**
     * Quantizes {@code params} (not modified) of a model trained with {@code ts} and evaluates it
     * before and after; {@code codesDir}, if not null, receives each layer's codes, scales and zero
     * points as .npy files.
     */
    public static Result quantize(Backend be, TrainSettings ts, float[] params, TokenSplit split, PtqSettings s,
                                  Path codesDir, java.util.function.Consumer<String> note) throws IOException {
        ModelConfig m = ts.model();
        int B = ts.batchSize();
        int T = m.context();
        BatchSampler sampler = new BatchSampler(split, B, T, ts.seed());
        int evalBatches = sampler.validationBatches(s.evalBatches() > 0 ? s.evalBatches() : ts.evalBatches());
        if (evalBatches < 1) {
            throw new IllegalArgumentException("the validation split holds no batch of " + B + " windows of " + T + " tokens");
        }
        // calibration windows from the training split, at random starts keyed by calib_seed
        BatchSampler calib = new BatchSampler(split, B, T, s.calibSeed());
        int calibBatches = (s.calibSeqs() + B - 1) / B;
        IntGrid grid = s.grid();
        long t0 = System.nanoTime();
        try (Gpt model = new Gpt(be, m, B, QuantTargets.none(), false)) {
            ParameterLayout layout = model.layout();
            float[] p = params.clone();
            model.loadParameters(p);
            float before = evaluate(model, sampler, evalBatches);
            note.accept(String.format(Locale.ROOT, "validation loss before: %.5f", before));
            int sites = layout.linearSites();
            double[] layerLoss = new double[sites];
            for (int site = 0; site < sites; site++) {
                ParameterLayout.Tensor t = layout.linearWeight(site);
                int rows = t.rows();
                int cols = t.cols();
                float[] w = new float[rows * cols];
                System.arraycopy(p, (int) t.offset(), w, 0, w.length);
                QuantizedLayer q;
                if (s.gptq()) {
                    double[] h = hessian(be, model, site, cols, calib, calibBatches, B);
                    q = Gptq.quantize(w, rows, cols, h, grid, s.group(), s.actOrder(), s.blockSize(), s.damp());
                } else {
                    q = Rtn.quantize(w, rows, cols, grid, s.group());
                }
                layerLoss[site] = q.loss();
                System.arraycopy(q.q(), 0, p, (int) t.offset(), w.length);
                model.loadParameters(p); // the next layers see this one quantized
                if (codesDir != null) {
                    writeCodes(codesDir, t.name(), q, s.actOrder() && q.groups() > 1);
                }
                note.accept(String.format(Locale.ROOT, "%s %s: %dx%d, loss %.4g", s.method(), t.name(), rows, cols, q.loss()));
            }
            float after = evaluate(model, sampler, evalBatches);
            note.accept(String.format(Locale.ROOT, "validation loss after: %.5f (+%.5f)", after, after - before));
            return new Result(before, after, p, layerLoss, calibBatches * B, evalBatches, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * H = (2/n) Σ x·xᵀ over the calibration windows (n = number of windows, as in the reference
     * code, which counts samples; the scale does not change GPTQ's result): Σ XᵀX summed on the
     * backend by the exact GEMM, batch after batch into one float32 accumulator (each entry an FMA
     * chain over tokens in order, the same bits on every backend), then scaled in double.
     */
    static double[] hessian(Backend be, Gpt model, int site, int cols, BatchSampler calib, int batches, int B) {
        int n = model.batchSize() * model.config().context();
        try (DeviceBuffer acc = be.allocate(DType.F32, (long) cols * cols)) {
            be.fill(acc, (long) cols * cols, 0.0f);
            GemmShape xtx = GemmShape.of(cols, cols, n, true, false).accumulating(true);
            for (int b = 0; b < batches; b++) {
                model.forward(calib.train(b), false);
                DeviceBuffer x = model.linearInput(site);
                be.gemm(xtx, x, x, acc);
            }
            float[] sum = be.downloadFloats(acc);
            double[] h = new double[sum.length];
            double scale = 2.0 / ((double) batches * B);
            for (int i = 0; i < h.length; i++) {
                h[i] = sum[i] * scale;
            }
            return h;
        }
    }

    /** Mean loss over the first {@code batches} validation batches (as the trainer evaluates). */
    static float evaluate(Gpt model, BatchSampler sampler, int batches) {
        double sum = 0;
        for (int i = 0; i < batches; i++) {
            sum += model.forward(sampler.validation(i), false);
        }
        return (float) (sum / batches);
    }

    static void writeCodes(Path dir, String name, QuantizedLayer q, boolean groupIndex) throws IOException {
        Npy.write(dir.resolve(name + ".codes.npy"), NpyArray.ofBytes(q.codes(), q.rows(), q.cols()));
        Npy.write(dir.resolve(name + ".scales.npy"), NpyArray.ofFloats(q.scales(), q.rows(), q.groups()));
        Npy.write(dir.resolve(name + ".zeros.npy"), NpyArray.ofBytes(q.zeros(), q.rows(), q.groups()));
        if (groupIndex) {
            if (q.groups() > 256) {
                throw new IllegalArgumentException(name + " has " + q.groups() + " groups: the group index (.g_idx.npy,"
                        + " uint8) holds at most 256; use larger groups");
            }
            byte[] g = new byte[q.cols()];
            for (int c = 0; c < g.length; c++) {
                g[c] = (byte) q.groupOf()[c];
            }
            Npy.write(dir.resolve(name + ".g_idx.npy"), NpyArray.ofBytes(g, q.cols()));
        }
    }

    static ObjectNode metrics(PtqSettings s, TrainSettings ts, ModelSnapshot snap, Result r) {
        ModelConfig m = ts.model();
        ObjectNode o = Json.object();
        o.put("N", m.nonEmbeddingParameters());
        o.put("N_total", m.parameters());
        o.put("D", snap.tokens());
        o.put("step", snap.step());
        o.put("train_run", snap.runId());
        o.put("model", ts.modelName());
        o.put("train_tokens", ts.trainedTokens());
        o.put("train_seed", ts.seed()); // the training run's seed: fits across seeds group and filter by it
        o.put("method", s.method());
        o.put("format", s.format().toString());
        o.put("bits", s.grid().bits());
        o.put("P_post", s.grid().bits());
        o.put("group", s.group());
        o.put("sym", s.sym());
        o.put("act_order", s.actOrder());
        o.put("loss_before", r.lossBefore());
        o.put("loss_after", r.lossAfter());
        o.put("delta_loss", (double) r.lossAfter() - r.lossBefore());
        if (ts.tokenizer().equals("byte")) {
            o.put("bpb_before", r.lossBefore() / Math.log(2));
            o.put("bpb_after", r.lossAfter() / Math.log(2));
        }
        double total = 0;
        ObjectNode layers = o.putObject("layer_loss");
        ParameterLayout layout = ParameterLayout.of(m);
        for (int i = 0; i < r.layerLoss().length; i++) {
            layers.put(layout.linearWeight(i).name(), r.layerLoss()[i]);
            total += r.layerLoss()[i];
        }
        o.put("layer_loss_total", total);
        o.put("calib_seqs", s.gptq() ? r.calibSeqs() : 0);
        o.put("eval_batches", r.evalBatches());
        o.put("eval_tokens", (long) r.evalBatches() * ts.batchSize() * m.context());
        o.put("ptq_s", r.seconds());
        return o;
    }
}
