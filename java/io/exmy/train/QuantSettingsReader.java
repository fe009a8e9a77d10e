package io.exmy.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import io.exmy.sweep.ConfigException;
import io.exmy.sweep.ConfigFields;
import io.exmy.train.Switches.Switch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the quantization settings of a {@code train} configuration, once, into {@link QuantSettings}:
 * the recipe ({@code quant}, or a user's {@code recipe_file} / {@code recipe}), the settings it reads,
 * its own settings and switches, {@code quant_ops} and {@code quant_head}; {@link RecipeRules} checks
 * them against each other.
 *
 * <p>It reads in two steps: {@link #start} the recipe and the shared settings, where {@code quant} and
 * its kin always stood in the configuration; {@link #finish} the recipe's own settings, after every
 * other setting of the kind, so that a user's recipe cannot declare a setting the kind has.
 */
final class QuantSettingsReader {
    static final String KIND = "kind " + TrainKind.NAME + ": ";

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
            throw RecipeRules.notTheirs(foreign.get(0), recipe);
        }
        RecipeRules.formatRead(recipe, format);
        RecipeValues values = new RecipeValues(format, block, scale, scaleRule, settings, switches);
        QuantTargets targets;
        KvQuant kv;
        try {
            targets = ops.over(recipe.targets(values));
            kv = recipe.kvQuant(values);
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), KIND + e.getMessage());
        }
        RecipeRules.transformsFit(recipe, targets, model, batch, head);
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
}
