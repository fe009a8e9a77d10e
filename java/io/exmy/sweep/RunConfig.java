package io.exmy.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.RunId;

/**
 * One run's complete, normalized configuration (every default filled in by its kind) and the id
 * derived from it. Immutable: the getters hand out values, the JSON only as a copy.
 */
public final class RunConfig {
    private final String kind;
    private final ObjectNode values;
    private final String id;

    private RunConfig(String kind, ObjectNode values) {
        this.kind = kind;
        this.values = values;
        this.id = RunId.of(kind, values);
    }

    /** A configuration as its kind normalized it. */
    public static RunConfig of(String kind, ObjectNode normalized) {
        return new RunConfig(kind, normalized.deepCopy());
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    public ObjectNode json() {
        return values.deepCopy();
    }

    public boolean has(String key) {
        return values.hasNonNull(key);
    }

    public JsonNode get(String key) {
        JsonNode v = values.get(key);
        if (v == null || v.isNull()) {
            throw new ConfigException(key, kind + " run " + id + " has no setting '" + key + "'");
        }
        return v.deepCopy();
    }

    public String string(String key) {
        return get(key).asText();
    }

    public double number(String key) {
        JsonNode v = get(key);
        if (!v.isNumber()) {
            throw new ConfigException(key, "setting '" + key + "' of run " + id + " is not a number: " + v);
        }
        return v.asDouble();
    }

    public long integer(String key) {
        JsonNode v = get(key);
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new ConfigException(key, "setting '" + key + "' of run " + id + " is not an integer: " + v);
        }
        return v.asLong();
    }

    public boolean bool(String key) {
        JsonNode v = get(key);
        if (!v.isBoolean()) {
            throw new ConfigException(key, "setting '" + key + "' of run " + id + " is not true/false: " + v);
        }
        return v.asBoolean();
    }

    @Override
    public String toString() {
        return kind + " " + id + " " + values;
    }
}
