package io.exmy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.RecipeNames;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.results.Json;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreException;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunAttempt;
import io.exmy.sweep.RunConfig;
import io.exmy.train.TrainKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one GPT configuration with quantized GEMMs and append its record (validation loss, "
                + "loss curve, N, D, formats, tokens/s, MFU) to a results store. A run whose record exists is not "
                + "repeated; an interrupted run resumes from its checkpoint. Settings: docs/TRAINING.md.",
            "Examples:",
            "  exmy train --model micro --tokens 1000000",
            "  exmy train --model mini --quant paper --elem e3m2 --block 32",
            "  exmy train --model nano --quant kumar --pw 4 --pa 8 --pkv 8",
            "  exmy train --model nano --quant te-nvfp4 --no-sr",
            "  exmy train --model nano --recipe-file my-nvfp4.yaml",
            "  exmy train --config run.yaml --set lr=0.002 --backend java",
            "  exmy train --model mini --tokens 600000 --save-at geometric:75000:2"})
final class TrainCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "settings as a YAML or JSON mapping (the keys of a train grid); flags override it")
    Path config;

    @Option(names = "--model", paramLabel = "SIZE",
            description = "named size: nano, micro, mini, small, gpt2, gpt2-medium, gpt2-large, gpt2-xl (default micro)")
    String model;

    @Option(names = "--layers", paramLabel = "L") Integer layers;
    @Option(names = "--width", paramLabel = "C") Integer width;
    @Option(names = "--heads", paramLabel = "H") Integer heads;
    @Option(names = "--context", paramLabel = "T") Integer context;
    @Option(names = "--positions", paramLabel = "P", description = "learned or rope") String positions;
    @Option(names = "--tokenizer", paramLabel = "TOK", description = "byte (default) or gpt2") String tokenizer;

    @Option(names = "--corpus", paramLabel = "SPEC",
            description = "sotu (default), file:PATH, or synthetic[:symbols=8,order=2,spread=1.5,length=2000000,seed=0]")
    String corpus;

    @Option(names = "--tokens", paramLabel = "D", description = "training tokens (default 1000000)") Long tokens;
    @Option(names = "--batch-size", paramLabel = "B", description = "sequences per step (default 16)") Integer batchSize;
    @Option(names = "--lr", paramLabel = "LR", description = "peak learning rate (default 1e-3)") Double lr;
    @Option(names = "--seed", paramLabel = "S") Long seed;

    @Option(names = "--quant", paramLabel = "RECIPE", completionCandidates = RecipeNames.class,
            description = "the quantization recipe, built in: ${COMPLETION-CANDIDATES} (default none; what each "
                    + "quantizes: exmy recipes; docs/TRAINING.md, \"Recipes\")")
    String quant;

    @Option(names = "--recipe-file", paramLabel = "FILE",
            description = "a recipe of your own, a YAML file like those of recipes/ (docs/TRAINING.md, \"Recipe files\");"
                    + " the run hashes its content, not its path")
    Path recipeFile;

    @Option(names = "--pw", paramLabel = "P",
            description = "quant kumar: weight precision, per output channel: bits of an integer grid (4 = int4),"
                    + " a format (e2m1), or none")
    String pw;
    @Option(names = "--pa", paramLabel = "P", description = "quant kumar: activation precision (linear-layer inputs, per tensor)")
    String pa;
    @Option(names = "--pkv", paramLabel = "P", description = "quant kumar: attention key/value precision")
    String pkv;
    @Option(names = "--kv-granularity", paramLabel = "G", description = "quant kumar: KV scales per tensor (default) or head")
    String kvGranularity;

    @Option(names = "--no-rht",
            description = "recipe switch rht off: no Hadamard transforms (te-nvfp4's on the weight-gradient GEMM)")
    boolean noRht;

    @Option(names = "--no-sr",
            description = "recipe switch sr off: round to nearest instead of stochastically (te-nvfp4's gradients)")
    boolean noSr;

    @Option(names = "--no-2d",
            description = "recipe switch scale_2d off: blocks along K instead of 2-D tiles (te-nvfp4's 16x16 weight tiles)")
    boolean no2d;

    @Option(names = {"--elem", "--format"}, paramLabel = "FORMAT",
            description = "element format, for a recipe that reads it (weights-only, paper, all, sun2025), e.g. e4m3, e3m2,"
                    + " e2m1 (fp32: unquantized)")
    String format;

    @Option(names = "--block", paramLabel = "B", description = "block size along K (default 32)") Integer block;
    @Option(names = "--scale", paramLabel = "FMT", description = "block scale format: fp32 (default), e8m0, e4m3, ...")
    String scale;
    @Option(names = "--scale-rule", paramLabel = "R", description = "amax (default), floor or ceil") String scaleRule;

    @Option(names = "--quant-op", paramLabel = "OP=SCHEME",
            description = "quantize one GEMM operand with a block scheme (or none), e.g. fwd.x=mxfp8_e4m3; operands "
                    + "fwd.x, fwd.w, dgrad.dy, dgrad.w, wgrad.dy, wgrad.x. Repeatable.")
    List<String> quantOps = new ArrayList<>();

    @Option(names = "--quant-head", description = "quantize the LM head's GEMMs too") Boolean quantHead;

    @Option(names = "--fast", description = "GEMMs on BF16 tensor cores (cuda only): faster, not bit-exact")
    Boolean fast;

    @Option(names = "--save-at", paramLabel = "TOKENS",
            description = "keep the model after these token counts, e.g. 100000,200000,400000 or geometric:75000:2 "
                    + "(into STORE/models/RUN/; for exmy ptq)")
    String saveAt;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "any other setting (warmup_steps, lr_floor, weight_decay, grad_clip, beta1, beta2, eps, "
                    + "eval_every, eval_batches, val_fraction, ...). Repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--backend", paramLabel = "B",
            description = "auto (default: cuda, else host, else java), java, host, cuda, emu")
    String backend;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = ResultsStore.DEFAULT_DIR,
            description = "results store (default: ${DEFAULT-VALUE})")
    Path storeDir;

    @Range(min = 0, max = 1e9, what = "seconds between checkpoints; 0: after every step")
    @Option(names = "--checkpoint-seconds", paramLabel = "S",
            description = "seconds between checkpoints (default 60); does not change results")
    Double checkpointSeconds;

    @Override
    public void declare(CommandFiles files) {
        files.reads("--config", config).reads("--recipe-file", recipeFile).writesStore("--store", storeDir);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode raw = config == null ? Json.object() : readConfig(config);
        put(raw, "model", model);
        put(raw, "layers", layers);
        put(raw, "width", width);
        put(raw, "heads", heads);
        put(raw, "context", context);
        put(raw, "positions", positions);
        put(raw, "tokenizer", tokenizer);
        put(raw, "corpus", corpus);
        put(raw, "tokens", tokens);
        put(raw, "batch_size", batchSize);
        put(raw, "lr", lr);
        put(raw, "seed", seed);
        put(raw, "quant", quant);
        if (recipeFile != null) {
            raw.put("recipe_file", recipeFile.toString());
        }
        put(raw, "format", format);
        put(raw, "block", block);
        put(raw, "scale", scale);
        put(raw, "scale_rule", scaleRule);
        put(raw, "pw", pw);
        put(raw, "pa", pa);
        put(raw, "pkv", pkv);
        put(raw, "kv_granularity", kvGranularity);
        put(raw, "quant_head", quantHead);
        if (noRht) {
            raw.put("rht", false);
        }
        if (noSr) {
            raw.put("sr", false);
        }
        if (no2d) {
            raw.put("scale_2d", false);
        }
        put(raw, "backend", backend);
        put(raw, "fast", fast);
        put(raw, "save_at", saveAt);
        if (!quantOps.isEmpty()) {
            raw.put("quant_ops", String.join(";", quantOps));
        }
        set.forEach((k, v) -> raw.set(k, scalar(k, v)));
        TrainKind kind = new TrainKind(checkpointSeconds != null ? checkpointSeconds : BuiltInRunKinds.checkpointSeconds());
        RunConfig rc = RunConfig.of(TrainKind.NAME, kind.normalize(raw));
        ResultsStore store;
        try {
            store = ResultsStore.openOrCreate(storeDir);
        } catch (StoreException e) {
            throw new UserError(e.getMessage(), e);
        }
        err.printf("train: run %s into %s%n", rc.id(), store.dir());
        err.flush();
        RunAttempt.Result r = RunAttempt.execute(kind, rc, store, new Progress(err));
        switch (r.outcome()) {
            case FAILED -> throw RunFailures.of("training", rc.id(), r.error());
            case ALREADY_DONE -> err.printf("train: run %s is already recorded; nothing to do%n", rc.id());
            case LOST_RACE -> err.printf("train: run %s was recorded by another process meanwhile; this result was dropped%n",
                    rc.id());
            case RECORDED -> err.printf(Locale.ROOT, "train: recorded run %s (%.1f s)%n", rc.id(), r.seconds());
            default -> throw new IllegalStateException();
        }
        store.record(rc.id()).ifPresent(rec -> summary(out, rec));
        out.flush();
        return 0;
    }

    private static void summary(PrintWriter out, Record rec) {
        JsonNode m = rec.metrics();
        out.printf(Locale.ROOT, "run %s: N=%d D=%d format=%s val_loss=%s tokens/s=%.0f mfu=%s%n", rec.id(),
                m.path("N").asLong(), m.path("D").asLong(), m.path("format").asText(), m.path("val_loss").asText(),
                m.path("tokens_per_s").asDouble(), m.path("mfu").asText());
    }

    private static void put(ObjectNode o, String key, Object v) {
        if (v instanceof String s) {
            o.put(key, s);
        } else if (v instanceof Integer i) {
            o.put(key, i);
        } else if (v instanceof Long l) {
            o.put(key, l);
        } else if (v instanceof Double d) {
            o.put(key, d);
        } else if (v instanceof Boolean b) {
            o.put(key, b);
        }
    }

    /** A --set value as JSON: a number, true/false, or else text. */
    private static JsonNode scalar(String key, String v) {
        String s = v.trim();
        if (s.equals("true") || s.equals("false")) {
            return Json.MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(s));
        }
        if (s.matches("[+-]?\\d+")) {
            try {
                return Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(s));
            } catch (NumberFormatException e) {
                // as a double it would round into range and name another run
                throw new UserError("--set " + key + "=" + s + ": " + s + " is outside the 64-bit integer range ("
                        + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
            }
        }
        try {
            return Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return Json.MAPPER.getNodeFactory().textNode(s);
        }
    }

    private static ObjectNode readConfig(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = Json.settingsReader(name.endsWith(".json"));
        try {
            JsonNode n = mapper.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new UserError("config file " + file + " must hold a mapping of settings, e.g. model: micro");
            }
            return (ObjectNode) n;
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError("config file " + file + " " + Json.parseError(e), e);
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + ": " + io.exmy.io.IoMessages.reason(e), e);
        }
    }

    /** Progress lines on stderr: the evaluations, and a step count at most every 30 seconds. */
    private static final class Progress implements ProgressReporter {
        private final PrintWriter err;
        private long total;
        private long last = System.nanoTime();

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void total(long units, String unitName) {
            total = units;
        }

        @Override
        public void done(long units) {
            long now = System.nanoTime();
            if (now - last > 30_000_000_000L) {
                last = now;
                err.printf("train: step %d/%d%n", units, total);
                err.flush();
            }
        }

        @Override
        public void note(String text) {
            err.println("train: " + text);
            err.flush();
        }
    }
}
