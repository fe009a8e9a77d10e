package io.exmy.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.ConfigFields;
import io.exmy.train.Switches.Switch;
import io.exmy.transform.HadamardSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the quantization settings of a {@code train} configuration, once, into {@link QuantSettings}:
 * the recipe ({@code quant}, or a user's {@code recipe_file} / {@code recipe}), the settings it reads,
 * its own settings and switches, {@code quant_ops} and {@code quant_head}; and applies the rules
 * between them, each mistake one message naming its setting:
 *
 * <ul>
 * <li>{@code format} other than fp32 only for a recipe that reads it (else it would look like a
 *     quantized run and be none);</li>
 * <li>a recipe's own settings and switches only with that recipe — given to another at their
 *     default they are accepted and left out of the configuration, as they always were;</li>
 * <li>a Hadamard transform along a GEMM's K only where its size divides K (the 16-token rule of
 *     {@code te-nvfp4}: a step's tokens are the weight-gradient GEMM's K);</li>
 * <li>every scheme must build with the run's values.</li>
 * </ul>
 *
 * It reads in two steps: {@link #start} the recipe and the shared settings, where {@code quant} and
 * its kin always stood in the configuration; {@link #finish} the recipe's own settings, after every
 * other setting of the kind, so that a user's recipe cannot declare a setting the kind has.
 */
final class QuantSettingsReader {
    private static final String KIND = "kind " + TrainKind.NAME + ": ";

    private final Recipe recipe;
    private final Format format;
    private final int block;
    private final ScaleFormat scale;
    private final ScaleRule scaleRule;
    private final QuantOps ops;
    private final boolean head;

    private QuantSettingsReader(Recipe recipe, Format format, int block, ScaleFormat scale, ScaleRule scaleRule,
                                QuantOps ops, boolean head) {
        this.recipe = recipe;
        this.format = format;
        this.block = block;
        this.scale = scale;
        this.scaleRule = scaleRule;
        this.ops = ops;
        this.head = head;
    }

    /** The recipe and the settings every recipe may read. */
    static QuantSettingsReader start(ConfigFields f) {
        JsonNode file = f.node("recipe_file");
        JsonNode inline = f.node("recipe");
        if (file != null && inline != null) {
            throw new ConfigException("recipe_file", KIND + "give recipe_file or recipe, not both");
        }
        Recipe fromFile = file == null ? null : userFile(file);
        String dflt = fromFile != null ? fromFile.name() : inline != null ? null : Recipes.DEFAULT;
        String quant = f.string("quant", dflt, s -> quantName(s, fromFile, inline != null));
        Recipe recipe = fromFile != null ? fromFile : inline != null ? inlineRecipe(inline, quant) : Recipes.named(quant);
        if (!recipe.builtIn()) {
            // the recipe itself, not the path of its file: the same recipe is the same run wherever it lies
            f.put("recipe", recipe.definition());
        }
        Format format = f.parsed("format", "fp32", Format::parse, Format::toString);
        int block = (int) f.integer("block", 32L, 1, 1 << 20);
        ScaleFormat scale = f.parsed("scale", "fp32", ScaleFormat::parse, ScaleFormat::toString);
        ScaleRule rule = f.parsed("scale_rule", "amax", ScaleRule::parse, r -> r.label);
        QuantOps ops = f.parsed("quant_ops", "", QuantOps::parse, QuantOps::toString);
        boolean head = f.bool("quant_head", false);
        return new QuantSettingsReader(recipe, format, block, scale, rule, ops, head);
    }

    private static Recipe userFile(JsonNode file) {
        if (!file.isTextual() || file.asText().isBlank()) {
            throw new ConfigException("recipe_file", KIND + "recipe_file: expected the path of a recipe file, got " + file);
        }
        try {
            return Recipes.file(Path.of(file.asText()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("recipe_file", KIND + e.getMessage());
        }
    }

    private static Recipe inlineRecipe(JsonNode inline, String quant) {
        try {
            return RecipeReader.inline(inline, quant);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("recipe", KIND + e.getMessage());
        }
    }

    /** {@code quant}: a built-in recipe's name, or the name of the user's recipe. */
    private static String quantName(String s, Recipe fromFile, boolean inline) {
        String q = s.trim().toLowerCase(Locale.ROOT);
        if (fromFile != null && !q.equals(fromFile.name())) {
            throw new IllegalArgumentException("the recipe file's recipe is " + fromFile.name() + ": leave quant out or"
                    + " give quant: " + fromFile.name());
        }
        if (fromFile == null && !inline) {
            Recipes.named(q);
        }
        if (inline && Recipes.find(q).isPresent()) {
            throw new IllegalArgumentException(q + " is a built-in recipe: a recipe carried in the configuration"
                    + " (recipe:) needs a name of its own");
        }
        return q;
    }

    /** The recipe's own settings and switches, the rules, and what they make. */
    QuantSettings finish(ConfigFields f, ModelConfig model, int batch) {
        List<String> foreign = new ArrayList<>();
        Map<String, String> settings = settings(f, foreign);
        Switches switches = switches(f, foreign);
        if (!foreign.isEmpty()) {
            throw notTheirs(foreign.get(0));
        }
        if (!recipe.reads().contains("format") && !format.equals(Format.FP32)) {
            throw new ConfigException("format", KIND + formatNotRead());
        }
        RecipeValues values = new RecipeValues(format, block, scale, scaleRule, settings, switches);
        QuantTargets targets;
        KvQuant kv;
        try {
            targets = ops.over(recipe.targets(values));
            kv = recipe.kvQuant(values);
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), KIND + e.getMessage());
        }
        transformsFit(targets, model, batch);
        return new QuantSettings(recipe, values, ops, head, targets, kv);
    }

    /**
     * Every setting a recipe may add: the chosen recipe's with its defaults, the other built-ins' at
     * theirs and then out of the configuration (a value of their own is an error, {@code foreign}).
     */
    private Map<String, String> settings(ConfigFields f, List<String> foreign) {
        Map<String, RecipeSetting> all = new LinkedHashMap<>(Recipes.builtInSettings());
        Map<String, String> values = new LinkedHashMap<>();
        for (RecipeSetting own : recipe.settings().values()) {
            RecipeSetting other = all.get(own.key());
            if (other != null && (other.type() != own.type() || !other.choices().equals(own.choices()))) {
                throw new ConfigException("recipe", KIND + "recipe " + recipe.name() + "'s setting " + own.key() + " is "
                        + own.describe() + ", but the built-in recipes' " + own.key() + " is " + other.describe()
                        + ": name it otherwise");
            }
            if (other == null && f.isRead(own.key())) {
                throw new ConfigException("recipe", KIND + "recipe " + recipe.name() + " declares a setting "
                        + own.key() + ", which is a train setting already: name it otherwise");
            }
            all.put(own.key(), own);
        }
        for (RecipeSetting s : all.values()) {
            String v = f.string(s.key(), s.dflt(), s::canonical);
            if (recipe.settings().containsKey(s.key())) {
                values.put(s.key(), v);
            } else {
                f.drop(s.key()); // absent unless used: the ids of runs of other recipes stay as they were
                if (!v.equals(s.dflt())) {
                    foreign.add(s.key());
                }
            }
        }
        return values;
    }

    private Switches switches(ConfigFields f, List<String> foreign) {
        Switches out = Switches.ALL;
        for (Switch w : Switch.values()) {
            Boolean own = recipe.switches().get(w);
            boolean on = f.bool(w.key, own == null || own);
            if (own != null) {
                out = out.with(w, on);
            } else {
                f.drop(w.key); // absent unless the recipe has it: the ids of runs without stay as they were
                if (!on) {
                    foreign.add(w.key);
                }
            }
        }
        return out;
    }

    /**
     * A setting of some recipes given (other than at its default) to a run of another: named with
     * its kin (all switches, or the owning recipes' settings) and the built-in recipes that have it.
     */
    private ConfigException notTheirs(String key) {
        List<String> switchKeys = Arrays.stream(Switch.values()).map(w -> w.key).toList();
        boolean isSwitch = switchKeys.contains(key);
        List<Recipe> owners = Recipes.builtIn().values().stream().filter(r -> isSwitch
                ? r.switches().keySet().stream().anyMatch(w -> w.key.equals(key)) : r.settings().containsKey(key)).toList();
        List<String> kin = isSwitch ? switchKeys
                : owners.stream().flatMap(r -> r.settings().keySet().stream()).distinct().toList();
        String which = String.join(", ", owners.stream().map(Recipe::name).toList());
        return new ConfigException(key, KIND + and(kin) + (isSwitch ? " switch off parts of a recipe (" + which
                + "), not of quant: " : " apply to quant: " + which + ", not to quant: ") + recipe.name()
                + "; leave " + key + " out");
    }

    private static String and(List<String> l) {
        return l.size() < 2 ? String.join("", l)
                : String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    private String formatNotRead() {
        String readers = String.join(", ", Recipes.builtIn().values().stream()
                .filter(r -> r.reads().contains("format")).map(Recipe::name).toList());
        if (!recipe.quantizes()) {
            return "format " + format + " is given but quant is " + recipe.name() + ", which quantizes nothing; choose"
                    + " a recipe that reads format (" + readers + "), or leave format at fp32";
        }
        List<String> precisions = recipe.settings().values().stream()
                .filter(s -> s.type() == RecipeSetting.Type.PRECISION).map(RecipeSetting::key).toList();
        if (!precisions.isEmpty()) {
            return "quant " + recipe.name() + " takes its formats from " + and(precisions) + " (e.g. " + precisions.get(0)
                    + ": 4 for int4); leave format at fp32";
        }
        return "recipe " + recipe.name() + " fixes its own formats; leave format at fp32 (the recipes that read format: "
                + readers + ")";
    }

    /**
     * A Hadamard transform of size n along a GEMM's K needs n to divide K: the step's tokens for the
     * weight-gradient GEMM, the width (and 3×, 4× it) for the others, and the vocabulary for the LM
     * head's input gradient when the head is quantized.
     */
    private void transformsFit(QuantTargets t, ModelConfig m, int batch) {
        String off = recipe.switches().containsKey(Switch.RHT) ? ", or set rht: false" : "";
        for (Gemm g : Gemm.values()) {
            HadamardSpec h = t.transform(g.operands().get(0));
            if (h == null) {
                continue;
            }
            int n = h.size();
            String what = recipe.name() + "'s Hadamard transform on " + g.what + " runs over blocks of " + n;
            long tokens = (long) batch * m.context();
            if (g == Gemm.WGRAD && tokens % n != 0) {
                throw new ConfigException("batch_size", KIND + what + " tokens, but a step has " + batch + " × "
                        + m.context() + " = " + tokens + " tokens: make batch_size × context a multiple of " + n + off);
            }
            if (g != Gemm.WGRAD && m.width() % n != 0) {
                throw new ConfigException("width", KIND + what + " " + g.k + ", but the layers' width is " + m.width()
                        + ": make width a multiple of " + n + off);
            }
            if (g == Gemm.DGRAD && head && m.vocab() % n != 0) {
                throw new ConfigException("quant_head", KIND + what + " " + g.k + ", but the LM head's are the "
                        + m.vocab() + " tokens of the vocabulary: leave quant_head off" + off);
            }
        }
    }
}
