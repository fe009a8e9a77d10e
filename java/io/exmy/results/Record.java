package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * One finished run: {@code {"id", "kind", "config", "metrics", "provenance"}}. Held as JSON so
 * that fields a later version adds (to metrics or provenance) survive a read and an export.
 */
public final class Record {
    private final ObjectNode json;

    private Record(ObjectNode json) {
        this.json = json;
    }

    /** A new record; the id is computed from kind and config, non-finite metrics become null. */
    public static Record create(String kind, ObjectNode config, ObjectNode metrics, Provenance provenance) {
        ObjectNode j = Json.object();
        j.put("id", RunId.of(kind, config));
        j.put("kind", kind);
        j.set("config", config.deepCopy());
        ObjectNode m = metrics.deepCopy();
        finiteOrNull(m);
        j.set("metrics", m);
        j.set("provenance", provenance.toJson());
        return new Record(j);
    }

    /** Reads a record file; {@code where} names it in errors. */
    public static Record parse(byte[] bytes, Path where) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new StoreException("record " + where + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); records are written atomically, so something else changed this file: move it away and rerun");
        }
        if (n == null || !n.isObject()) {
            throw new StoreException("record " + where + " is not a JSON object");
        }
        for (String field : new String[] {"id", "kind", "config", "metrics", "provenance"}) {
            if (!n.has(field)) {
                throw new StoreException("record " + where + " has no '" + field + "' field");
            }
        }
        if (!n.get("config").isObject() || !n.get("metrics").isObject() || !n.get("provenance").isObject()) {
            throw new StoreException("record " + where + ": config, metrics and provenance must be JSON objects");
        }
        return new Record((ObjectNode) n);
    }

    public String id() {
        return json.get("id").asText();
    }

    public String kind() {
        return json.get("kind").asText();
    }

    public ObjectNode config() {
        return (ObjectNode) json.get("config");
    }

    public ObjectNode metrics() {
        return (ObjectNode) json.get("metrics");
    }

    public ObjectNode provenance() {
        return (ObjectNode) json.get("provenance");
    }

    /** Seconds the run took, or NaN if the record does not say. */
    public double wallSeconds() {
        JsonNode w = provenance().get("wall_s");
        return w != null && w.isNumber() ? w.asDouble() : Double.NaN;
    }

    /** The whole record as JSON (not a copy: do not modify). */
    public ObjectNode json() {
        return json;
    }

    public byte[] toBytes() {
        return Json.pretty(json);
    }

    private static void finiteOrNull(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isFloatingPointNumber() && !Double.isFinite(e.getValue().asDouble())) {
                    e.setValue(o.nullNode()); // JSON has no NaN or infinity
                } else {
                    finiteOrNull(e.getValue());
                }
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isFloatingPointNumber() && !Double.isFinite(a.get(i).asDouble())) {
                    a.set(i, a.nullNode());
                } else {
                    finiteOrNull(a.get(i));
                }
            }
        }
    }
}
