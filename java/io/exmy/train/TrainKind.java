package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backends;
import io.exmy.block.BlockSchemes;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.data.CorpusSpec;
import io.exmy.format.Format;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.ConfigFields;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunContext;
import io.exmy.sweep.RunKind;
import java.util.List;

/**
 * {@code train}: trains one GPT configuration and returns its validation loss, loss curve and
 * throughput. Resumable: it checkpoints into the run's checkpoint directory and continues from
 * there, with the same losses to the bit as an uninterrupted run. Settings: docs/TRAINING.md.
 */
public final class TrainKind implements RunKind {
    public static final String NAME = "train";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "train a GPT language model with quantized GEMMs and record its validation loss";
    }

    @Override
    public ObjectNode normalize(ObjectNode config) {
        ConfigFields f = new ConfigFields(NAME, config);
        String model = f.string("model", "micro", s -> {
            ModelConfig.named(s);
            return s.toLowerCase(java.util.Locale.ROOT);
        });
        ModelConfig base = ModelConfig.named(model);
        int layers = (int) f.integer("layers", (long) base.layers(), 1, 1024);
        int width = (int) f.integer("width", (long) base.width(), 1, 1 << 16);
        int heads = (int) f.integer("heads", (long) base.heads(), 1, 1024);
        int context = (int) f.integer("context", (long) base.context(), 2, 1 << 16);
        String positions = f.choice("positions", base.positions().label(), List.of("learned", "rope"));
        String tokenizer = f.choice("tokenizer", "byte", List.of("byte", "gpt2"));
        try {
            new ModelConfig(layers, width, heads, context, TrainSettings.vocabOf(tokenizer),
                    ModelConfig.Positions.parse(positions));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("width", "kind " + NAME + ": " + e.getMessage());
        }
        f.string("corpus", "sotu", CorpusSpec::canonical);
        f.number("val_fraction", 0.1, 0.001, 0.5);
        long batch = f.integer("batch_size", 16L, 1, 1 << 20);
        long tokens = f.integer("tokens", 1_000_000L, 1, Long.MAX_VALUE / 4);
        long steps = (tokens + batch * context - 1) / (batch * context);
        if (steps > Integer.MAX_VALUE) {
            throw new ConfigException("tokens", "kind " + NAME + ": " + tokens + " tokens make " + steps
                    + " steps, more than 2^31: use a larger batch");
        }
        f.positive("lr", 1e-3);
        f.number("lr_floor", 0.1, 0, 1);
        f.integer("warmup_steps", Math.max(1, (long) Math.ceil(steps * 0.05)), 0, Integer.MAX_VALUE);
        f.number("beta1", 0.9, 0, 0.999999);
        f.number("beta2", 0.95, 0, 0.999999);
        f.positive("eps", 1e-8);
        f.number("weight_decay", 0.1, 0, 10);
        f.number("grad_clip", 1.0, 0, Double.MAX_VALUE);
        f.integer("seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        f.integer("eval_every", Math.max(1, steps / 10), 1, Integer.MAX_VALUE);
        f.integer("eval_batches", 10L, 1, 1_000_000);
        String quant = f.choice("quant", "none", presets());
        String format = f.string("format", "fp32", s -> Format.parse(s).toString());
        f.integer("block", 32L, 1, 1 << 20);
        f.string("scale", "fp32", s -> ScaleFormat.parse(s).toString());
        f.string("scale_rule", "amax", s -> ScaleRule.parse(s).label);
        f.string("quant_ops", "", TrainKind::canonicalOps);
        f.bool("quant_head", false);
        f.string("backend", "auto", s -> {
            if (!Backends.NAMES.contains(s)) {
                throw new IllegalArgumentException("unknown backend '" + s + "': use one of " + String.join(", ", Backends.NAMES));
            }
            return s;
        });
        f.bool("fast", false);
        String pw = f.string("pw", "none", KumarQuant::canonical);
        String pa = f.string("pa", "none", KumarQuant::canonical);
        String pkv = f.string("pkv", "none", KumarQuant::canonical);
        String kvg = f.string("kv_granularity", "tensor", s -> KvQuant.Granularity.parse(s).label);
        boolean rht = f.bool("rht", true);
        boolean sr = f.bool("sr", true);
        boolean scale2d = f.bool("scale_2d", true);
        long trained = steps * batch * context;
        String saveAt = f.string("save_at", "", v -> SavePoints.canonical(v, trained));
        if (quant.equals("none") && !Format.parse(format).equals(Format.FP32)) {
            throw new ConfigException("format", "kind " + NAME + ": format " + format + " is given but quant is none;"
                    + " choose which operands to quantize with quant: weights-only, paper, all or kumar");
        }
        boolean kumar = quant.equals(KumarQuant.PRESET);
        if (kumar && !Format.parse(format).equals(Format.FP32)) {
            throw new ConfigException("format", "kind " + NAME + ": quant kumar takes its formats from pw, pa and pkv"
                    + " (e.g. pw: 4 for int4 weights); leave format at fp32");
        }
        if (!kumar && !(pw.equals("none") && pa.equals("none") && pkv.equals("none") && kvg.equals("tensor"))) {
            throw new ConfigException("pw", "kind " + NAME + ": pw, pa, pkv and kv_granularity apply to quant: kumar"
                    + " (Kumar et al.'s precisions), not to quant: " + quant);
        }
        boolean recipe = TrainRecipe.isRecipe(quant);
        if (recipe && !TrainRecipe.usesFormat(quant) && !Format.parse(format).equals(Format.FP32)) {
            throw new ConfigException("format", "kind " + NAME + ": recipe " + quant + " fixes its own formats;"
                    + " leave format at fp32 (only sun2025 takes format and block)");
        }
        if (!recipe && !(rht && sr && scale2d)) {
            throw new ConfigException("rht", "kind " + NAME + ": rht, sr and scale_2d switch off parts of a recipe ("
                    + String.join(", ", TrainRecipe.NAMES) + "), not of quant: " + quant);
        }
        if (recipe && quant.equals("te-nvfp4") && rht && (batch * context) % 16 != 0) {
            throw new ConfigException("batch_size", "kind " + NAME + ": te-nvfp4's Hadamard transform runs over blocks"
                    + " of 16 tokens, but a step has " + batch + " × " + context + " = " + batch * context
                    + " tokens: make batch_size × context a multiple of 16, or set rht: false");
        }
        ObjectNode out = f.done();
        if (!kumar) {
            // absent unless used: the ids of runs without Kumar's precisions stay as they were
            out.remove(List.of("pw", "pa", "pkv", "kv_granularity"));
        }
        if (!recipe) {
            // absent unless used: the ids of runs without a recipe stay as they were
            out.remove(List.of("rht", "sr", "scale_2d"));
        }
        if (saveAt.isEmpty()) {
            out.remove("save_at"); // absent when unused: the ids of runs without snapshots stay as they were
        }
        TrainSettings.of(RunConfig.of(NAME, out)).targets(); // every scheme must build
        return out;
    }

    /** The values of {@code quant}: QuantTargets' presets, {@code kumar} and the library recipes. */
    static List<String> presets() {
        java.util.ArrayList<String> l = new java.util.ArrayList<>(QuantTargets.PRESETS);
        l.add(KumarQuant.PRESET);
        l.addAll(TrainRecipe.NAMES);
        return List.copyOf(l);
    }

    /** quant_ops as {@code op=scheme;op=scheme} in operand order with canonical scheme texts. */
    static String canonicalOps(String s) {
        java.util.Map<QuantTargets.Operand, String> m = new java.util.EnumMap<>(QuantTargets.Operand.class);
        for (String part : s.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("entry '" + part + "': write OPERAND=SCHEME or OPERAND=none, e.g."
                        + " fwd.x=e4m3/b32/row/e8m0/floor (operands: fwd.x, fwd.w, dgrad.dy, dgrad.w, wgrad.dy, wgrad.x)");
            }
            QuantTargets.Operand o = QuantTargets.Operand.parse(part.substring(0, eq).trim());
            String scheme = part.substring(eq + 1).trim();
            m.put(o, scheme.equalsIgnoreCase("none") ? "none"
                    : BlockSchemes.format(QuantTargets.schemeFor(o, BlockSchemes.parse(scheme))));
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((o, sch) -> sb.append(sb.length() == 0 ? "" : ";").append(o.label).append('=').append(sch));
        return sb.toString();
    }

    @Override
    public ObjectNode run(RunConfig config, RunContext ctx) throws Exception {
        return TrainRun.run(config, ctx);
    }
}
