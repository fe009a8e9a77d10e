package io.exmy.fit.data;

import io.exmy.fit.base.FitException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How raw data become the columns a law needs: renames ({@code --col N="Model Size"}), derived
 * columns ({@code --derive D='"Training FLOP"/(6*N)'}), and row filters. Named presets encode
 * known data sets so their published treatment is reproduced exactly.
 */
public final class DataRecipe {
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<String[]> derived = new ArrayList<>();
    private final Map<String, Double> fills = new LinkedHashMap<>();
    private final List<String[]> where = new ArrayList<>();
    private int dropTop;
    private boolean dropNonPositive;

    /**
     * The Chinchilla points extracted by Epoch AI: N is "Model Size", D = FLOP / (6 N), and the
     * five highest-loss points are dropped as in Besiroglu et al. 2024.
     */
    public static final String EXMY_KUMAR = "exmy-kumar";

    /**
     * The Quartet II runs (Panferov et al., arXiv 2601.22813; ../shared/data/README.md): one JSON
     * object mapping each training recipe to its runs. The recipe's name becomes the column
     * {@code recipe} (for {@code --law recipe-efficiency}), {@code final_loss} the {@code loss};
     * {@code N}, {@code D} and the settings keep their names.
     */
    public static final String QUARTET2 = "quartet2";

    /** The precision given to an unquantized (float32) tensor of an exmy training run by {@link #EXMY_KUMAR}. */
    public static final double UNQUANTIZED_BITS = 32;

    /**
     * {@code chinchilla-epoch}: see below. {@code exmy-kumar}: the records of exmy's {@code train}
     * runs for Kumar et al.'s training law — N, D, P_w, P_a, P_kv from the metrics, the loss from
     * {@code metrics.val_loss}, and 32 bits where a precision is null (the tensor was not quantized).
     */
    public static DataRecipe preset(String name) {
        if (name.toLowerCase(Locale.ROOT).equals("chinchilla-epoch")) {
            return new DataRecipe()
                    .alias("N", "Model Size")
                    .derive("D", "\"Training FLOP\" / (6 * N)")
                    .dropTop(5);
        }
        if (name.toLowerCase(Locale.ROOT).equals(EXMY_KUMAR)) {
            DataRecipe r = new DataRecipe()
                    .alias("N", "metrics.N")
                    .alias("D", "metrics.D")
                    .alias("P_w", "metrics.P_w")
                    .alias("P_a", "metrics.P_a")
                    .alias("P_kv", "metrics.P_kv")
                    .alias("loss", "metrics.val_loss");
            for (String p : new String[] {"P_w", "P_a", "P_kv"}) {
                r.fill(p, UNQUANTIZED_BITS);
            }
            return r;
        }
        if (name.toLowerCase(Locale.ROOT).equals("exmy-ptq")) {
            // records of exmy's ptq run kind (docs/PTQ.md) in a results store; a delta_loss <= 0 (8-bit
            // quantization, within the evaluation's noise) cannot enter a power law and is dropped
            return new DataRecipe()
                    .where("kind", "ptq")
                    .alias("N", "metrics.N")
                    .alias("D", "metrics.D")
                    .alias("bits", "metrics.bits")
                    .alias("P_post", "metrics.P_post")
                    .alias("delta_loss", "metrics.delta_loss")
                    .dropNonPositive(true);
        }
        if (name.toLowerCase(Locale.ROOT).equals(QUARTET2)) {
            // ../shared/data/quartet2_runs.json: runs grouped by recipe; N, D and final_loss per run, the
            // recipe's settings (fquant, bquant, bgroup_dim, ...) as they are
            return new DataRecipe()
                    .alias("recipe", DataReader.GROUP)
                    .alias("loss", "final_loss");
        }
        throw new FitException("unknown data preset '" + name + "'; known: chinchilla-epoch, " + EXMY_KUMAR + ", exmy-ptq, "
                + QUARTET2);
    }

    public DataRecipe alias(String name, String existing) {
        aliases.put(name, existing);
        return this;
    }

    /** Keeps only the rows where column {@code name} equals {@code value} (after the renames, before fills). */
    public DataRecipe where(String name, String value) {
        where.add(new String[] {name, "=", value});
        return this;
    }

    /**
     * Parses {@code NAME=VALUE} as given to {@code --where}, or a comparison {@code NAME!=VALUE},
     * {@code NAME>=VALUE}, {@code NAME<=VALUE}, {@code NAME>VALUE}, {@code NAME<VALUE} (the last four
     * on numeric columns), e.g. {@code --where metrics.D>=1600000}.
     */
    public DataRecipe where(String condition) {
        int at = -1;
        String op = null;
        for (int i = 0; i < condition.length() && op == null; i++) {
            char c = condition.charAt(i);
            if (c == '=' || c == '<' || c == '>' || c == '!' && i + 1 < condition.length() && condition.charAt(i + 1) == '=') {
                at = i;
                boolean two = i + 1 < condition.length() && condition.charAt(i + 1) == '=' && c != '=';
                op = two ? condition.substring(i, i + 2) : String.valueOf(c);
            }
        }
        if (op == null || at == 0) {
            throw new FitException("--where expects COLUMN=VALUE (or !=, <, <=, >, >= for numbers), e.g. --where "
                    + "metrics.method=gptq or --where metrics.D>=1600000; got '" + condition + "'");
        }
        where.add(new String[] {condition.substring(0, at).trim(), op, condition.substring(at + op.length()).trim()});
        return this;
    }

    public DataRecipe derive(String name, String expression) {
        derived.add(new String[] {name, expression});
        return this;
    }

    /** Parses {@code NAME=EXPRESSION} as given to {@code --derive}. */
    public DataRecipe derive(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new FitException("--derive expects NAME=EXPRESSION, e.g. --derive 'D=\"Training FLOP\"/(6*N)'; got '" + assignment + "'");
        }
        return derive(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }

    /** Where column {@code name} is missing, {@code value} ({@code --fill NAME=VALUE}); applied after the renames. */
    public DataRecipe fill(String name, double value) {
        fills.put(name, value);
        return this;
    }

    public DataRecipe dropTop(int k) {
        if (k < 0) {
            throw new FitException("--drop-top must be >= 0, got " + k);
        }
        this.dropTop = k;
        return this;
    }

    public DataRecipe dropNonPositive(boolean on) {
        this.dropNonPositive = on;
        return this;
    }

    /** Later settings win: a user's --col/--derive/--drop-top override the preset's. */
    public DataRecipe overrideWith(DataRecipe other) {
        aliases.putAll(other.aliases);
        fills.putAll(other.fills);
        where.addAll(other.where);
        derived.addAll(other.derived);
        if (other.dropTop > 0) {
            dropTop = other.dropTop;
        }
        dropNonPositive |= other.dropNonPositive;
        return this;
    }

    public boolean dropsNonPositive() {
        return dropNonPositive;
    }

    /** Applies renames, then row filters, then fills, then derived columns in order, then drops the top rows of {@code target}. */
    public Dataset apply(Dataset data, String target) {
        Dataset d = data;
        // renames first, so that --where can name a preset's columns (--where recipe=baseline); a
        // rename adds a name and keeps the original, so conditions on raw columns work as before
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            d = d.alias(a.getKey(), a.getValue());
        }
        for (String[] w : where) {
            d = d.where(w[0], w[1], w[2]);
        }
        for (Map.Entry<String, Double> f : fills.entrySet()) {
            d = d.fill(f.getKey(), f.getValue());
        }
        for (String[] x : derived) {
            d = d.derive(x[0], x[1]);
        }
        if (dropTop > 0) {
            d = d.dropTop(target, dropTop);
        }
        return d;
    }
}
