package io.exmy.ptq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backends.Backends;
import io.exmy.format.Format;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.ConfigFields;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunContext;
import io.exmy.sweep.RunKind;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ptq}: quantizes the linear layers' weights of a model snapshot (from {@code exmy train
 * --save-at}) by round-to-nearest or GPTQ and records the validation loss before and after.
 * Settings and metrics: docs/PTQ.md.
 */
public final class PtqKind implements RunKind {
    public static final String NAME = "ptq";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "post-training quantization (RTN, GPTQ) of a trained model snapshot: validation loss before and after";
    }

    @Override
    public ObjectNode normalize(ObjectNode config) {
        ConfigFields f = new ConfigFields(NAME, config);
        f.string("checkpoint", null, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("empty path");
            }
            return Path.of(s).normalize().toString();
        });
        f.choice("method", "gptq", List.of("rtn", "gptq"));
        String format = f.string("format", "int4", s -> Format.parse(s).toString());
        try {
            IntGrid.of(Format.parse(format), false);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("format", "kind " + NAME + ": " + e.getMessage());
        }
        f.integer("group", 0L, 0, 1 << 20);
        f.bool("sym", false);
        f.bool("act_order", false);
        f.integer("calib_seqs", 128L, 1, 1 << 20);
        f.integer("calib_seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        f.number("damp", Gptq.DAMP, 0, 10);
        f.integer("block_size", (long) Gptq.BLOCK, 1, 1 << 20);
        f.integer("eval_batches", 0L, 0, 1_000_000);
        f.string("backend", "auto", s -> {
            if (!Backends.NAMES.contains(s)) {
                throw new IllegalArgumentException("unknown backend '" + s + "': use one of " + String.join(", ", Backends.NAMES));
            }
            return s;
        });
        boolean codes = f.bool("save_codes", false);
        ObjectNode out = f.done();
        if (!codes) {
            out.remove("save_codes");
        }
        return out;
    }

    @Override
    public ObjectNode run(RunConfig config, RunContext ctx) throws Exception {
        return PtqRun.run(PtqSettings.of(config), ctx);
    }
}
