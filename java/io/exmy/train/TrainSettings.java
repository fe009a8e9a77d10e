package io.exmy.train;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockSchemes;
import io.exmy.block.BlockShape;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import io.exmy.sweep.RunConfig;

/**
 * Everything that defines a training run, read from a {@code train} configuration as
 * {@link TrainKind} normalized it. The settings and their defaults are documented in
 * docs/TRAINING.md.
 */
public record TrainSettings(String modelName, ModelConfig model, String tokenizer, String corpus, double valFraction,
                            int batchSize, long tokens, double lr, double lrFloor, int warmupSteps, double beta1,
                            double beta2, double eps, double weightDecay, double gradClip, long seed, int evalEvery,
                            int evalBatches, String quant, String format, int block, String scale, String scaleRule,
                            String quantOps, boolean quantHead, String backend, boolean fast, KumarQuant kumar,
                            TrainRecipe.Switches switches, String saveAt) {

    public static TrainSettings of(RunConfig c) {
        ModelConfig m = new ModelConfig((int) c.integer("layers"), (int) c.integer("width"), (int) c.integer("heads"),
                (int) c.integer("context"), vocabOf(c.string("tokenizer")),
                ModelConfig.Positions.parse(c.string("positions")));
        return new TrainSettings(c.string("model"), m, c.string("tokenizer"), c.string("corpus"),
                c.number("val_fraction"), (int) c.integer("batch_size"), c.integer("tokens"), c.number("lr"),
                c.number("lr_floor"), (int) c.integer("warmup_steps"), c.number("beta1"), c.number("beta2"),
                c.number("eps"), c.number("weight_decay"), c.number("grad_clip"), c.integer("seed"),
                (int) c.integer("eval_every"), (int) c.integer("eval_batches"), c.string("quant"), c.string("format"),
                (int) c.integer("block"), c.string("scale"), c.string("scale_rule"), c.string("quant_ops"),
                c.bool("quant_head"), c.string("backend"), c.bool("fast"), kumarOf(c), switchesOf(c),
                c.has("save_at") ? c.string("save_at") : "");
    }

    /** Kumar et al.'s precisions, present only for {@code quant: kumar} (the keys are absent otherwise). */
    private static KumarQuant kumarOf(RunConfig c) {
        if (!c.string("quant").equals(KumarQuant.PRESET)) {
            return null;
        }
        return new KumarQuant(KumarQuant.parse(c.string("pw")), KumarQuant.parse(c.string("pa")),
                KumarQuant.parse(c.string("pkv")), KvQuant.Granularity.parse(c.string("kv_granularity")));
    }

    /** How the attention keys and values are quantized (only {@code quant: kumar} quantizes them). */
    public KvQuant kvQuant() {
        return kumar == null ? KvQuant.none() : kumar.kvQuant();
    }

    /** A recipe's switches (the keys exist only for {@code quant: RECIPE}; all on otherwise). */
    private static TrainRecipe.Switches switchesOf(RunConfig c) {
        if (!TrainRecipe.isRecipe(c.string("quant"))) {
            return TrainRecipe.Switches.ALL;
        }
        return new TrainRecipe.Switches(c.bool("rht"), c.bool("sr"), c.bool("scale_2d"));
    }

    static int vocabOf(String tokenizer) {
        return io.exmy.data.Tokenizer.named(tokenizer).vocabSize();
    }

    /** Tokens per optimizer step: B sequences of T. */
    public long tokensPerStep() {
        return (long) batchSize * model.context();
    }

    /** Optimizer steps: the token budget rounded up to whole steps. */
    public int steps() {
        return Math.toIntExact((tokens + tokensPerStep() - 1) / tokensPerStep());
    }

    /** D: the tokens actually trained on (whole steps). */
    public long trainedTokens() {
        return steps() * tokensPerStep();
    }

    public LrSchedule schedule() {
        return new LrSchedule(lr, warmupSteps, steps(), lrFloor);
    }

    public AdamW adamw() {
        return new AdamW(beta1, beta2, eps, weightDecay);
    }

    /** The preset's scheme: the element format in blocks of {@code block} along K, with the scale format and rule. */
    public BlockScheme presetScheme() {
        return BlockScheme.of(Format.parse(format), BlockShape.alongRows(block), ScaleFormat.parse(scale),
                ScaleRule.parse(scaleRule));
    }

    /** Whether the preset quantizes anything: a preset other than none, with a format other than fp32. */
    public boolean presetQuantizes() {
        return !quant.equals("none") && kumar == null && !Format.parse(format).equals(Format.FP32);
    }

    /**
     * The quantized operands of every linear layer: the preset's (for {@code kumar}, from P_w and P_a;
     * for a library recipe, its own, with its switches),
     * then the per-operand schemes of {@code quant_ops}.
     */
    public QuantTargets targets() {
        QuantTargets t = kumar != null ? kumar.targets()
                : TrainRecipe.isRecipe(quant) ? TrainRecipe.targets(quant, Format.parse(format), block, switches)
                : presetQuantizes() ? QuantTargets.preset(quant, presetScheme()) : QuantTargets.none();
        for (String part : quantOps.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("quant_ops entry '" + part + "': write OPERAND=SCHEME or OPERAND=none,"
                        + " e.g. fwd.x=e4m3/b32/row/e8m0/floor");
            }
            QuantTargets.Operand o = QuantTargets.Operand.parse(part.substring(0, eq).trim());
            String scheme = part.substring(eq + 1).trim();
            t = t.with(o, scheme.equalsIgnoreCase("none") ? null : BlockSchemes.parse(scheme));
        }
        return t;
    }
}
