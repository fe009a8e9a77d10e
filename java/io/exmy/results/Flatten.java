package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens a record to columns: nested object keys joined by dots ({@code config.format},
 * {@code provenance.wall_s}). Arrays (loss curves) stay whole, as JSON text in one cell: a curve
 * of thousands of points must not become thousands of columns.
 */
public final class Flatten {
    private Flatten() {
    }

    /** Column name to a JSON scalar (number, string, boolean, null) or, for arrays, the array. */
    public static Map<String, JsonNode> of(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        walk("", node, out);
        return out;
    }

    private static void walk(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && (prefix.isEmpty() || !node.isEmpty())) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** The text of one cell: numbers as JSON writes them, strings bare, null empty, arrays as JSON. */
    public static String cell(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return Json.compact(v);
    }
}
