package io.exmy.train;

import io.exmy.block.ScaleFormat;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import java.util.List;
import java.util.Map;

/**
 * A run's values of what recipes read: the element format, block size, scale format and rule of
 * the run configuration, the recipe's own settings (canonical texts: {@code int4}, {@code none},
 * {@code head}) and its switches.
 */
public record RecipeValues(Format format, int block, ScaleFormat scale, ScaleRule scaleRule, Map<String, String> settings,
                           Switches switches) {
    /** The run settings every recipe may read, by the names its schemes use ({@code $format}, …). */
    public static final List<String> SHARED = List.of("format", "block", "scale", "scale_rule");

    public RecipeValues {
        settings = Map.copyOf(settings);
    }

    /** The value a scheme's {@code $key} stands for. */
    public String text(String key) {
        return switch (key) {
            case "format" -> format.toString();
            case "block" -> Integer.toString(block);
            case "scale" -> scale.toString();
            case "scale_rule" -> scaleRule.label;
            default -> {
                String v = settings.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("no setting '" + key + "'");
                }
                yield v;
            }
        };
    }

    /** Whether a setting used as an element format means "not quantized": format fp32, a precision none. */
    public boolean unquantized(String key) {
        return key.equals("format") ? format.equals(Format.FP32) : Precision.NONE.equals(settings.get(key));
    }
}
