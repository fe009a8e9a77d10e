package io.exmy.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Helps a run kind normalize a configuration: reads each setting with its type, range and
 * default, builds the complete configuration in a fixed key order, and rejects settings the
 * kind does not know (a typo would otherwise silently become a default).
 */
public final class ConfigFields {
    private final String kind;
    private final ObjectNode raw;
    private final ObjectNode out = Json.object();
    private final Set<String> known = new LinkedHashSet<>();

    public ConfigFields(String kind, ObjectNode raw) {
        this.kind = kind;
        this.raw = raw;
    }

    private JsonNode take(String key) {
        known.add(key);
        JsonNode v = raw.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private ConfigException bad(String key, String expected, JsonNode got) {
        return new ConfigException(key, "setting '" + key + "' of kind " + kind + ": expected " + expected
                + ", got " + (got.isTextual() ? "'" + got.asText() + "'" : got.toString()));
    }

    private ConfigException missing(String key, String expected) {
        return new ConfigException(key, "kind " + kind + " needs setting '" + key + "' (" + expected + ")");
    }

    /** A string, normalized by {@code canonical} (which throws IllegalArgumentException to reject it). */
    public String string(String key, String dflt, Function<String, String> canonical) {
        return parsed(key, dflt, canonical, Function.identity());
    }

    /**
     * A string read into a value by {@code parse} (which throws IllegalArgumentException to reject
     * it), once; the configuration keeps {@code text} of the value, its canonical spelling.
     */
    public <T> T parsed(String key, String dflt, Function<String, T> parse, Function<T, String> text) {
        JsonNode v = take(key);
        String s;
        if (v == null) {
            if (dflt == null) {
                throw missing(key, "a string");
            }
            s = dflt;
        } else if (v.isTextual() || v.isNumber()) {
            s = v.asText();
        } else {
            throw bad(key, "a string", v);
        }
        T value;
        try {
            value = parse.apply(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "setting '" + key + "' of kind " + kind + ": " + e.getMessage());
        }
        out.put(key, text.apply(value));
        return value;
    }

    /**
     * A setting that is no scalar (a mapping, say) or one the kind keeps out of the configuration,
     * as given, or null when absent: the kind checks it and {@link #put}s what the configuration keeps.
     */
    public JsonNode node(String key) {
        return take(key);
    }

    /** Adds a value to the normalized configuration as it is. */
    public void put(String key, JsonNode value) {
        known.add(key);
        out.set(key, value);
    }

    /** Leaves a setting that was read out of the normalized configuration (one that does not apply). */
    public void drop(String key) {
        out.remove(key);
    }

    /** Whether the kind has already read {@code key}. */
    public boolean isRead(String key) {
        return known.contains(key);
    }

    /** One of {@code choices} (case-insensitive). */
    public String choice(String key, String dflt, List<String> choices) {
        return string(key, dflt, s -> {
            String l = s.toLowerCase(Locale.ROOT);
            if (!choices.contains(l)) {
                throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", choices));
            }
            return l;
        });
    }

    public long integer(String key, Long dflt, long min, long max) {
        JsonNode v = take(key);
        long x;
        if (v == null) {
            if (dflt == null) {
                throw missing(key, "an integer");
            }
            x = dflt;
        } else if (v.isIntegralNumber() ? v.canConvertToLong()
                : v.isNumber() && v.canConvertToExactIntegral() && Math.abs(v.asDouble()) < 0x1p63) {
            // a double of 2^63 "converts" to Long.MAX_VALUE, which would silently name another run
            x = v.asLong();
        } else {
            throw bad(key, "an integer", v);
        }
        if (x < min || x > max) {
            throw new ConfigException(key, "setting '" + key + "' of kind " + kind + " must be in " + min + ".." + max
                    + ", got " + x);
        }
        out.put(key, x);
        return x;
    }

    public double number(String key, Double dflt, double min, double max) {
        JsonNode v = take(key);
        double x;
        if (v == null) {
            if (dflt == null) {
                throw missing(key, "a number");
            }
            x = dflt;
        } else if (v.isNumber()) {
            x = v.asDouble();
        } else {
            throw bad(key, "a number", v);
        }
        if (!(x >= min && x <= max)) {
            throw new ConfigException(key, "setting '" + key + "' of kind " + kind + " must be in [" + min + ", " + max
                    + "], got " + x);
        }
        out.put(key, x);
        return x;
    }

    /** A number above zero (a scale, a learning rate). */
    public double positive(String key, Double dflt) {
        double x = number(key, dflt, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (!(x > 0)) {
            throw new ConfigException(key, "setting '" + key + "' of kind " + kind + " must be above 0, got " + x);
        }
        return x;
    }

    public boolean bool(String key, Boolean dflt) {
        JsonNode v = take(key);
        boolean x;
        if (v == null) {
            if (dflt == null) {
                throw missing(key, "true or false");
            }
            x = dflt;
        } else if (v.isBoolean()) {
            x = v.asBoolean();
        } else {
            throw bad(key, "true or false", v);
        }
        out.put(key, x);
        return x;
    }

    /** The normalized configuration; fails on settings the kind never asked for. */
    public ObjectNode done() {
        List<String> unknown = new ArrayList<>();
        raw.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.get(0), "kind " + kind + " has no setting '" + unknown.get(0)
                    + "' (its settings: " + String.join(", ", known) + ")");
        }
        return out;
    }
}
