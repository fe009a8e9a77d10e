package io.exmy.train;

import io.exmy.format.Format;
import io.exmy.sweep.ConfigException;
import io.exmy.train.Switches.Switch;
import io.exmy.transform.HadamardSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The rules between a train run's quantization settings, as its recipe implies them — not written
 * into recipes, so a new recipe cannot forget one — each mistake one message naming its setting:
 *
 * <ul>
 * <li>{@code format} other than fp32 only for a recipe that reads it (else the run would look
 *     quantized and be none);</li>
 * <li>a recipe's own settings and switches only with that recipe (given to another at their default
 *     they are accepted and left out of the configuration, as they always were);</li>
 * <li>a Hadamard transform along a GEMM's K only where its size divides K (the 16-token rule of
 *     {@code te-nvfp4}: a step's tokens are the weight-gradient GEMM's K).</li>
 * </ul>
 *
 * That every scheme builds with the run's values is {@link Recipe#targets}'s to say.
 */
final class RecipeRules {
    private static final String KIND = QuantSettingsReader.KIND;

    private RecipeRules() {
    }

    static void formatRead(Recipe recipe, Format format) {
        if (!recipe.reads().contains("format") && !format.equals(Format.FP32)) {
            throw new ConfigException("format", KIND + formatNotRead(recipe, format));
        }
    }

    /**
     * A setting of some recipes given (other than at its default) to a run of another: named with
     * its kin (all switches, or the owning recipes' settings) and the built-in recipes that have it.
     */
    static ConfigException notTheirs(String key, Recipe recipe) {
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

    private static String formatNotRead(Recipe recipe, Format format) {
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
    static void transformsFit(Recipe recipe, QuantTargets t, ModelConfig m, int batch, boolean head) {
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
