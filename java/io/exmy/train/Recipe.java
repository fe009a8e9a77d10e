package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.block.BlockScheme;
import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import io.exmy.results.Json;
import io.exmy.sweep.ConfigException;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.train.Switches.Switch;
import io.exmy.transform.HadamardSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A quantization recipe: which GEMM operands of every linear layer it quantizes and how, which GEMMs
 * get a Hadamard transform along K first, how the attention's keys and values are quantized, which
 * switches turn its techniques off, and which run settings it adds. Read from a file of
 * {@code recipes/} (the built-in ones, {@link Recipes}) or a user's ({@link RecipeReader}); the
 * schema is docs/TRAINING.md's "Recipe files".
 *
 * <p>{@code origin} says where it was read (exmy recipes shows it); {@code builtIn} whether runs
 * name it by {@code quant} alone — a user's recipe is carried whole in each run's configuration
 * ({@link #definition()}), so that its runs hash what it computes, not where its file lies.
 */
public record Recipe(String name, String summary, String source, Map<String, RecipeSetting> settings,
                     Map<Switch, Boolean> switches, Map<Operand, OperandRecipe> operands,
                     Map<Gemm, HadamardSpec> transforms, KvRecipe kv, String origin, boolean builtIn) {

    public Recipe {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        // EnumMaps keep operand, GEMM and switch order, which definition() and the listings follow
        switches = Collections.unmodifiableMap(enumMap(Switch.class, switches));
        operands = Collections.unmodifiableMap(enumMap(Operand.class, operands));
        transforms = Collections.unmodifiableMap(enumMap(Gemm.class, transforms));
    }

    private static <K extends Enum<K>, V> EnumMap<K, V> enumMap(Class<K> type, Map<K, V> m) {
        EnumMap<K, V> out = new EnumMap<>(type);
        out.putAll(m);
        return out;
    }

    /** The shared run settings its schemes read ({@code format}, {@code block}, {@code scale}, {@code scale_rule}). */
    public Set<String> reads() {
        Set<String> out = new LinkedHashSet<>();
        for (OperandRecipe o : operands.values()) {
            out.addAll(o.scheme().names());
        }
        if (kv != null) {
            out.addAll(kv.format().names());
            out.addAll(kv.granularity().names());
        }
        out.retainAll(RecipeValues.SHARED);
        return out;
    }

    /** Whether it quantizes anything at all (recipe {@code none} does not). */
    public boolean quantizes() {
        return !operands.isEmpty() || kv != null;
    }

    /**
     * The run's quantized operands: each operand's scheme, then the transforms that are on. A scheme
     * that does not build with the run's values is a {@link ConfigException} naming the setting
     * that went into it.
     */
    public QuantTargets targets(RecipeValues v) {
        QuantTargets t = QuantTargets.none();
        for (OperandRecipe o : operands.values()) {
            BlockScheme s;
            try {
                s = o.resolve(v);
            } catch (IllegalArgumentException e) {
                throw settingError(o.scheme(), v, o.operand().label, e);
            }
            if (s != null) {
                t = o.place(t, s);
            }
        }
        if (v.switches().rht()) {
            for (Map.Entry<Gemm, HadamardSpec> e : transforms.entrySet()) {
                t = t.withTransform(e.getKey(), e.getValue());
            }
        }
        return t;
    }

    /** How the run quantizes the attention's keys and values. */
    public KvQuant kvQuant(RecipeValues v) {
        try {
            return kv == null ? KvQuant.none() : kv.resolve(v);
        } catch (IllegalArgumentException e) {
            throw settingError(kv.format(), v, "kv", e);
        }
    }

    private ConfigException settingError(SchemeTemplate t, RecipeValues v, String what, IllegalArgumentException e) {
        String key = t.names().stream().findFirst().orElse("quant");
        return new ConfigException(key, "recipe " + name + ", " + what + " " + t + (t.isFixed() ? "" : " = "
                + t.fill(v::text)) + ": " + e.getMessage());
    }

    /**
     * What the recipe computes, canonically: its settings, switches, operands (fixed schemes in
     * canonical text, turned along K), transforms and KV quantization — not its name (a run's
     * {@code quant}), summary, source, key order or the path of its file. A user's recipe runs carry
     * this as {@code recipe}, so it is what their ids hash.
     */
    public ObjectNode definition() {
        ObjectNode d = Json.object();
        if (!settings.isEmpty()) {
            ObjectNode s = d.putObject("settings");
            settings.forEach((k, v) -> {
                ObjectNode o = s.putObject(k);
                o.put("type", v.type().label);
                if (v.type() == RecipeSetting.Type.CHOICE) {
                    v.choices().forEach(o.putArray("choices")::add);
                }
                o.put("default", v.dflt());
            });
        }
        if (!switches.isEmpty()) {
            ObjectNode s = d.putObject("switches");
            switches.forEach((k, v) -> s.put(k.key, v));
        }
        if (!operands.isEmpty()) {
            ObjectNode s = d.putObject("operands");
            operands.forEach((o, r) -> {
                if (r.asStored()) {
                    s.putObject(o.label).put("scheme", r.text()).put("along", "tensor");
                } else {
                    s.put(o.label, r.text());
                }
            });
        }
        if (!transforms.isEmpty()) {
            ObjectNode s = d.putObject("transforms");
            transforms.forEach((g, h) -> s.putObject(g.label).put("hadamard", h.format()));
        }
        if (kv != null) {
            d.putObject("kv").put("format", kv.format().text()).put("granularity", kv.granularity().text());
        }
        return d;
    }

    /**
     * What it does to an operand, as a record's {@code targets} shows it ({@code hadamard(16/te) then
     * nvfp4/col/sr}), with the schemes of run settings as written ({@code $format/b$block/row/…});
     * empty where it leaves the operand alone.
     */
    public String describe(Operand o) {
        OperandRecipe r = operands.get(o);
        HadamardSpec h = transforms.get(Gemm.of(o));
        if (r == null && h == null) {
            return "";
        }
        String q = r == null ? "unquantized" : r.text() + (r.asStored() ? " (as stored)" : "");
        return h == null ? q : "hadamard(" + h + ") then " + q;
    }

    /** Its KV quantization ({@code $pkv per $kv_granularity}), or empty. */
    public String describeKv() {
        return kv == null ? "" : kv.format() + " per " + kv.granularity();
    }

    /** Its switches, each {@code [off]} where off by default: {@code rht, sr, scale_2d}. */
    public String describeSwitches() {
        return String.join(", ", switches.entrySet().stream()
                .map(e -> e.getKey().key + (e.getValue() ? "" : " [off]")).toList());
    }

    /** Its own settings: {@code pw: precision [none]; kv_granularity: tensor/head [tensor]}. */
    public String describeSettings() {
        return String.join("; ", settings.values().stream().map(s -> s.key() + ": " + s.describe()).toList());
    }

    /**
     * The values of a run that sets nothing of the recipe's own: its settings' and switches'
     * defaults, {@code format} and {@code block} as given, float32 amax scales (for
     * {@code exmy bench train}, which times a recipe without a run configuration).
     */
    public RecipeValues defaults(Format format, int block) {
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> s.put(k, v.dflt()));
        Switches sw = Switches.ALL;
        for (Map.Entry<Switch, Boolean> e : switches.entrySet()) {
            sw = sw.with(e.getKey(), e.getValue());
        }
        return new RecipeValues(format, block, ScaleFormat.FP32, ScaleRule.AMAX, s, sw);
    }
}
