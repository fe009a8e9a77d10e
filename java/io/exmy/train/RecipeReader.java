package io.exmy.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exmy.io.IoMessages;
import io.exmy.results.Json;
import io.exmy.sweep.GridLines;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.train.Switches.Switch;
import io.exmy.transform.HadamardSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a recipe — a file of {@code recipes/}, a user's file, or the {@code recipe} a run's
 * configuration carries — into a {@link Recipe}. Every mistake is one line naming the file, the
 * line and the key: {@code my.yaml line 7 (operands.fwd.z): unknown GEMM operand 'fwd.z': …}.
 * The schema is docs/TRAINING.md's "Recipe files".
 */
public final class RecipeReader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SETTING = Pattern.compile("[a-z][a-z0-9_]*");
    private static final List<String> TOP = List.of("name", "summary", "source", "settings", "switches", "operands",
            "transforms", "kv");
    /** What a recipe may not call its own settings: the shared ones, quant's, and the switches. */
    private static final Set<String> RESERVED = Set.of("format", "block", "scale", "scale_rule", "quant", "quant_ops",
            "quant_head", "recipe", "recipe_file", "rht", "sr", "scale_2d");

    private final String source;
    private final GridLines lines;

    private RecipeReader(String source, GridLines lines) {
        this.source = source;
        this.lines = lines;
    }

    /** A recipe file: YAML, or JSON if its name ends in {@code .json}. */
    public static Recipe read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("recipe file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read recipe file " + file + ": " + IoMessages.reason(e), e);
        }
        return parse(text, file.toString(), file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"),
                false);
    }

    /** Recipe text; {@code source} names it in messages. */
    static Recipe parse(String text, String source, boolean json, boolean builtIn) {
        JsonFactory factory = Json.settingsFactory(json);
        JsonNode root;
        try {
            root = new ObjectMapper(factory).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " " + Json.parseError(e));
        }
        RecipeReader r = new RecipeReader(source, new GridLines(factory, text));
        return r.recipe(root, null, builtIn);
    }

    /** The recipe a run's configuration carries (its name is the run's {@code quant}). */
    static Recipe inline(JsonNode node, String name) {
        return new RecipeReader("setting 'recipe'", null).recipe(node, name, false);
    }

    /** A mistake already placed in the file (file, line, key). */
    private static final class Located extends IllegalArgumentException {
        Located(String message) {
            super(message);
        }
    }

    private Located error(String pointer, String message) {
        int line = lines == null ? 0 : lines.line(pointer);
        String where = GridLines.dotted(pointer);
        return new Located(source + (line > 0 ? " line " + line : "")
                + (where.isEmpty() ? "" : " (" + where + ")") + ": " + message);
    }

    private Recipe recipe(JsonNode root, String givenName, boolean builtIn) {
        if (root == null || !root.isObject()) {
            throw error("", "a recipe is a mapping with name:, summary:, operands:, … (docs/TRAINING.md, \"Recipe files\")");
        }
        for (String key : keys(root)) {
            if (!TOP.contains(key)) {
                throw error("/" + key, "unknown key '" + key + "' (a recipe has " + String.join(", ", TOP) + ")");
            }
        }
        String name = name(root, givenName);
        Map<String, RecipeSetting> settings = settings(root.get("settings"));
        Map<Switch, Boolean> switches = switches(root.get("switches"));
        Map<Operand, OperandRecipe> operands = operands(root.get("operands"), settings);
        Map<Gemm, HadamardSpec> transforms = transforms(root.get("transforms"));
        KvRecipe kv = kv(root.get("kv"), settings);
        return new Recipe(name, text(root, "summary"), text(root, "source"), settings, switches, operands, transforms, kv,
                source, builtIn);
    }

    private String name(JsonNode root, String givenName) {
        JsonNode n = root.get("name");
        if (n == null && givenName != null) {
            return givenName;
        }
        if (n == null || !n.isTextual()) {
            throw error(n == null ? "" : "/name", "a recipe needs name: (what runs give as quant:), e.g. name: my-nvfp4");
        }
        String s = n.asText().trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(s).matches()) {
            throw error("/name", "name '" + n.asText() + "': use letters, digits, '-', '_' and '.', e.g. my-nvfp4");
        }
        if (givenName != null && !givenName.equals(s)) {
            throw error("/name", "the recipe is named " + s + " but the run's quant is " + givenName);
        }
        return s;
    }

    private String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw error("/" + key, key + ": expected a line of text");
        }
        return n.asText().strip().replaceAll("\\s+", " ");
    }

    private Map<String, RecipeSetting> settings(JsonNode node) {
        Map<String, RecipeSetting> out = new LinkedHashMap<>();
        for (String key : mapping(node, "/settings", "settings: a mapping of setting -> {type: precision} or"
                + " {type: choice, choices: [a, b], default: a}")) {
            String at = "/settings/" + key;
            if (!SETTING.matcher(key).matches()) {
                throw error(at, "setting '" + key + "': use lower-case letters, digits and '_'");
            }
            if (RESERVED.contains(key)) {
                throw error(at, "'" + key + "' is a run setting of its own; name the recipe's setting otherwise"
                        + (Set.of("rht", "sr", "scale_2d").contains(key) ? " (switches go under switches:)" : ""));
            }
            JsonNode s = node.get(key);
            if (!s.isObject()) {
                throw error(at, "expected {type: precision} or {type: choice, choices: [a, b]}");
            }
            for (String k : keys(s)) {
                if (!Set.of("type", "choices", "default").contains(k)) {
                    throw error(at + "/" + k, "unknown key '" + k + "' (a setting has type, choices, default)");
                }
            }
            try {
                RecipeSetting.Type type = RecipeSetting.Type.parse(s.path("type").asText("precision"));
                List<String> choices = new ArrayList<>();
                if (s.has("choices")) {
                    if (type != RecipeSetting.Type.CHOICE || !s.get("choices").isArray()) {
                        throw error(at + "/choices", "choices: a list of words, for type: choice");
                    }
                    s.get("choices").forEach(c -> choices.add(c.asText().trim().toLowerCase(Locale.ROOT)));
                }
                String dflt = s.has("default") ? s.get("default").asText()
                        : type == RecipeSetting.Type.PRECISION ? Precision.NONE : choices.isEmpty() ? "" : choices.get(0);
                out.put(key, new RecipeSetting(key, type, choices, dflt));
            } catch (Located e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
        }
        return out;
    }

    private Map<Switch, Boolean> switches(JsonNode node) {
        Map<Switch, Boolean> out = new EnumMap<>(Switch.class);
        for (String key : mapping(node, "/switches", "switches: a mapping of switch -> its default, e.g. {rht: true}")) {
            Switch s;
            try {
                s = Switch.parse(key);
            } catch (IllegalArgumentException e) {
                throw error("/switches/" + key, e.getMessage());
            }
            JsonNode v = node.get(key);
            if (!v.isBoolean()) {
                throw error("/switches/" + key, key + ": expected true (on unless a run switches it off) or false");
            }
            out.put(s, v.asBoolean());
        }
        return out;
    }

    private Map<Operand, OperandRecipe> operands(JsonNode node, Map<String, RecipeSetting> settings) {
        Map<Operand, OperandRecipe> out = new EnumMap<>(Operand.class);
        for (String key : mapping(node, "/operands", "operands: a mapping of GEMM operand -> block scheme")) {
            String at = "/operands/" + key;
            Operand o;
            try {
                o = Operand.parse(key);
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
            JsonNode v = node.get(key);
            String scheme;
            boolean asStored = false;
            if (v.isTextual()) {
                scheme = v.asText();
            } else if (v.isObject() && v.has("scheme")) {
                for (String k : keys(v)) {
                    if (!Set.of("scheme", "along").contains(k)) {
                        throw error(at + "/" + k, "unknown key '" + k + "' (an operand has scheme and along)");
                    }
                }
                scheme = v.get("scheme").asText();
                String along = v.path("along").asText("k").trim().toLowerCase(Locale.ROOT);
                if (!along.equals("k") && !along.equals("tensor")) {
                    throw error(at + "/along", "along: k (blocks turned along the GEMM's K, the default) or tensor"
                            + " (as written, in the tensor's own rows and columns)");
                }
                asStored = along.equals("tensor");
            } else {
                throw error(at, "expected a block scheme such as nvfp4 or $format/b$block/row/fp32/amax, or"
                        + " {scheme: ..., along: tensor}");
            }
            try {
                OperandRecipe r = OperandRecipe.of(o, scheme, asStored);
                known(r.scheme(), settings, at);
                out.put(o, r);
            } catch (Located e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
        }
        return out;
    }

    /** Every $name a scheme uses must be a shared setting or one the recipe declares. */
    private void known(SchemeTemplate t, Map<String, RecipeSetting> settings, String at) {
        for (String n : t.names()) {
            if (!RecipeValues.SHARED.contains(n) && !settings.containsKey(n)) {
                throw error(at, "$" + n + " is not a setting: use $format, $block, $scale, $scale_rule or one of the"
                        + " recipe's settings" + (settings.isEmpty() ? " (it declares none)" : " (" + String.join(", ",
                        settings.keySet()) + ")"));
            }
        }
    }

    private Map<Gemm, HadamardSpec> transforms(JsonNode node) {
        Map<Gemm, HadamardSpec> out = new EnumMap<>(Gemm.class);
        for (String key : mapping(node, "/transforms", "transforms: a mapping of GEMM -> {hadamard: SIZE[/te|/seed=N]}")) {
            String at = "/transforms/" + key;
            try {
                Gemm g = Gemm.parse(key);
                JsonNode v = node.get(key);
                if (!v.isObject() || v.size() != 1 || !v.has("hadamard")) {
                    throw error(at, "expected {hadamard: SIZE[/te|/plain|/seed=N|/signs=HEX]}, e.g. {hadamard: 16/te}");
                }
                out.put(g, HadamardSpec.parse(v.get("hadamard").asText()));
            } catch (Located e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
        }
        return out;
    }

    private KvRecipe kv(JsonNode node, Map<String, RecipeSetting> settings) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.has("format")) {
            throw error("/kv", "kv: expected {format: FORMAT or $setting, granularity: tensor|head or $setting}");
        }
        for (String k : keys(node)) {
            if (!Set.of("format", "granularity").contains(k)) {
                throw error("/kv/" + k, "unknown key '" + k + "' (kv has format and granularity)");
            }
        }
        KvRecipe kv = new KvRecipe(new SchemeTemplate(node.get("format").asText()),
                new SchemeTemplate(node.path("granularity").asText("tensor")));
        known(kv.format(), settings, "/kv/format");
        known(kv.granularity(), settings, "/kv/granularity");
        try {
            if (kv.format().isFixed()) {
                Precision.parse(kv.format().text());
            }
            if (kv.granularity().isFixed()) {
                KvQuant.Granularity.parse(kv.granularity().text());
            }
        } catch (IllegalArgumentException e) {
            throw error("/kv", e.getMessage());
        }
        return kv;
    }

    /** The keys of an optional mapping. */
    private List<String> mapping(JsonNode node, String at, String expected) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw error(at, expected);
        }
        return keys(node);
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
