package io.exmy.train;

import io.exmy.backend.Backend;
import io.exmy.data.BatchSampler;
import io.exmy.sweep.ProgressReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The training loop: for each step, the step's batch, forward, backward, clipped AdamW at the
 * scheduled learning rate; validation every {@code evalEvery} steps and after the last over the
 * sampler's fixed validation batches; a checkpoint at most every {@code checkpointSeconds} (and
 * resumption from the latest one, bit for bit). A non-finite training loss stops the run early
 * (it has diverged) instead of spending the rest of its budget on NaNs.
 */
public final class Trainer {
    /** What a finished run measured. */
    public record Result(LossCurve curve, int steps, boolean diverged, double trainSeconds, double evalSeconds,
                         int resumedAt, float lastGradNorm) {
        public float validationLoss() {
            return diverged ? Float.NaN : curve.lastEval();
        }
    }

    /**
     * How the loop runs; none of it changes the results. {@code recovery} null: a checkpoint that
     * cannot be resumed from is an error, and notices go to the progress reporter.
     */
    public record Options(Path checkpointDir, double checkpointSeconds, ProgressReporter progress, Snapshots snapshots,
                          Recovery recovery) {
        public Options(Path checkpointDir, double checkpointSeconds, ProgressReporter progress, Snapshots snapshots) {
            this(checkpointDir, checkpointSeconds, progress, snapshots, null);
        }

        public Options(Path checkpointDir, double checkpointSeconds, ProgressReporter progress) {
            this(checkpointDir, checkpointSeconds, progress, Snapshots.NONE);
        }

        public static Options none() {
            return new Options(null, 0, ProgressReporter.NONE);
        }

        void notice(String text) {
            if (recovery != null) {
                recovery.notice(text);
            } else {
                progress.note(text);
            }
        }
    }

    /** What becomes of a checkpoint that cannot be resumed from, and who hears what the trainer did. */
    public interface Recovery {
        /** Moves the file out of the way, kept for inspection; returns where it went (null if it was gone). */
        Path moveAside(Path file) throws IOException;

        /** Something the user should know: where the run resumed from, what was moved aside. */
        void notice(String text);
    }

    /** Where the models of chosen steps go ({@code save_at}); reading them changes nothing in the run. */
    public interface Snapshots {
        Snapshots NONE = new Snapshots() {
            @Override
            public boolean wants(int step) {
                return false;
            }

            @Override
            public void save(int step, float[] params) {
            }
        };

        /** Whether the model after optimizer step {@code step} (1-based: steps done) is kept. */
        boolean wants(int step);

        void save(int step, float[] params) throws IOException;
    }

    private final Backend be;
    private final TrainSettings s;
    private final BatchSampler sampler;
    private final String fingerprint;

    /** {@code fingerprint} names the configuration, so that a checkpoint is only resumed by its own run. */
    public Trainer(Backend be, TrainSettings settings, BatchSampler sampler, String fingerprint) {
        this.be = be;
        this.s = settings;
        this.sampler = sampler;
        this.fingerprint = fingerprint;
    }

    public Result run(Options opt) {
        return run(opt, Integer.MAX_VALUE);
    }

    /** Runs until the end, or stops (for tests: as if killed) after step {@code stopAfter}. */
    Result run(Options opt, int stopAfter) {
        int steps = s.steps();
        LrSchedule lr = s.schedule();
        int evalBatches = sampler.validationBatches(s.evalBatches());
        if (evalBatches < 1) {
            throw new IllegalArgumentException("the validation split holds no batch of " + s.batchSize() + " windows of "
                    + s.model().context() + " tokens: use a larger corpus, a larger val_fraction or a smaller batch");
        }
        try (Gpt model = new Gpt(be, s.model(), s.batchSize(), s.targets(), s.quantHead(), s.fast(), s.kvQuant());
             Optimizer optimizer = new Optimizer(be, model.layout(), s.adamw(), s.gradClip())) {
            Path ckpt = opt.checkpointDir() == null ? null : opt.checkpointDir().resolve(Checkpoint.FILE);
            LossCurve curve = new LossCurve();
            int start = 0;
            double trainSeconds = 0;
            Checkpoint resumed = ckpt == null ? null
                    : Resumption.load(ckpt, fingerprint, steps, s.tokensPerStep(), model.layout().flatLength(), opt);
            if (resumed != null) {
                model.loadParameters(resumed.params());
                optimizer.loadMoments(resumed.m(), resumed.v());
                curve = resumed.curve();
                start = resumed.step();
                trainSeconds = resumed.trainSeconds();
            } else {
                model.loadParameters(Gpt2Init.parameters(model.layout(), s.seed()));
            }
            ProgressReporter progress = opt.progress();
            progress.total(steps, "steps");
            progress.done(start);
            double evalSeconds = 0;
            boolean diverged = false;
            long lastCheckpoint = System.nanoTime();
            int step = start;
            while (step < steps && step < stopAfter) {
                long t0 = System.nanoTime();
                model.step(step);
                double loss = model.forward(sampler.train(step), true);
                model.backward();
                optimizer.step(model.parameters(), model.gradients(), step, lr.at(step));
                be.synchronize();
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                curve.addTrain((float) loss);
                step++;
                if (!Double.isFinite(loss)) {
                    diverged = true;
                    progress.note("diverged at step " + step + " (loss " + loss + ")");
                    break;
                }
                if (step % s.evalEvery() == 0 || step == steps) {
                    long e0 = System.nanoTime();
                    float val = evaluate(model, steps + step, evalBatches);
                    evalSeconds += (System.nanoTime() - e0) / 1e9;
                    curve.addEval(step, val);
                    progress.note(String.format(Locale.ROOT, "loss %.4f val %.4f", loss, val));
                }
                progress.done(step);
                // before the checkpoint of the same step: a run resumed from a checkpoint has every
                // snapshot of the steps before it
                if (opt.snapshots().wants(step)) {
                    opt.snapshots().save(step, model.downloadParameters());
                }
                if (ckpt != null && step < steps && (System.nanoTime() - lastCheckpoint) / 1e9 >= opt.checkpointSeconds()) {
                    float[][] mv = optimizer.downloadMoments();
                    new Checkpoint(fingerprint, step, model.downloadParameters(), mv[0], mv[1], curve, trainSeconds)
                            .write(ckpt);
                    lastCheckpoint = System.nanoTime();
                }
            }
            return new Result(curve, step, diverged, trainSeconds, evalSeconds, resumed == null ? -1 : resumed.step(),
                    optimizer.lastGradNorm());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Mean loss over the fixed validation batches (stochastic rounding keyed by {@code key}). */
    private float evaluate(Gpt model, long key, int batches) {
        model.step(key);
        double sum = 0;
        for (int i = 0; i < batches; i++) {
            sum += model.forward(sampler.validation(i), false);
        }
        return (float) (sum / batches);
    }
}
