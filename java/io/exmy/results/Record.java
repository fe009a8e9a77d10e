package io.exmy.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * One finished run: {@code {"id", "kind", "config", "metrics", "provenance", "sha256"}}. Held as
 * JSON so that fields a later version adds (to metrics or provenance) survive a read and an export.
 *
 * <p>{@code sha256} is the SHA-256 of the {@link CanonicalJson canonical} text of the record
 * without that field, checked on every read: an edited value, a cut or a changed byte is found,
 * while re-indenting or reordering keys (an export to JSON Lines) is not a change. The id must be
 * the id of the record's kind and configuration. A record without {@code sha256} was written
 * before records had one: it is read as an unverified legacy record ({@link #verified()} false).
 */
public final class Record {
    /** The checksum field. */
    public static final String CHECKSUM = "sha256";
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    static final String FIX = "; a sweep of its grid moves a damaged record to quarantine/ and computes the run again"
            + " (exmy results verify lists every damaged file)";

    private final ObjectNode json;
    private final boolean verified;

    private Record(ObjectNode json, boolean verified) {
        this.json = json;
        this.verified = verified;
    }

    /** A new record; the id is computed from kind and config, non-finite metrics become null, the checksum added. */
    public static Record create(String kind, ObjectNode config, ObjectNode metrics, Provenance provenance) {
        ObjectNode j = Json.object();
        String id = RunId.of(kind, config);
        j.put("id", id);
        j.put("kind", kind);
        j.set("config", config.deepCopy());
        ObjectNode m = metrics.deepCopy();
        finiteOrNull(m);
        j.set("metrics", m);
        j.set("provenance", provenance.toJson());
        ObjectNode settled = asReadBack(j); // float metrics become the doubles every reader will see
        if (!RunId.of(kind, (ObjectNode) settled.get("config")).equals(id)) {
            throw new IllegalStateException("the configuration of run " + id
                    + " does not survive being written as JSON");
        }
        settled.put(CHECKSUM, CanonicalJson.sha256(settled));
        return new Record(settled, true);
    }

    private static ObjectNode asReadBack(ObjectNode j) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(Json.compact(j));
        } catch (IOException e) {
            throw new IllegalStateException("a record does not read back as JSON", e);
        }
    }

    /** Reads a record file and checks it; {@code where} names it in errors. */
    public static Record parse(byte[] bytes, Path where) {
        Parsed p = inspect(bytes);
        if (p.problem() != null) {
            throw new StoreException("record " + where + " " + p.problem() + FIX);
        }
        return p.record();
    }

    /** A record file's bytes read: the record, or what is wrong with them (a phrase: "is not valid JSON (…)"). */
    public record Parsed(Record record, String problem) {
    }

    public static Parsed inspect(byte[] bytes) {
        JsonNode n;
        try {
            n = STRICT.readTree(bytes);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            if (why != null && why.startsWith("Trailing token")) {
                return problem("has something else after its JSON value (written into it later)");
            }
            return problem("is not valid JSON (" + (why == null ? "" : why.lines().findFirst().orElse(""))
                    + ": cut short, or something else written into it)");
        }
        if (n == null || !n.isObject()) {
            return problem("is not a JSON object");
        }
        for (String field : new String[] {"id", "kind", "config", "metrics", "provenance"}) {
            if (!n.has(field)) {
                return problem("has no '" + field + "' field");
            }
        }
        if (!n.get("config").isObject() || !n.get("metrics").isObject() || !n.get("provenance").isObject()) {
            return problem("is not a record: config, metrics and provenance must be JSON objects");
        }
        ObjectNode o = (ObjectNode) n;
        JsonNode sum = o.get(CHECKSUM);
        if (sum != null) {
            ObjectNode content = o.deepCopy();
            content.remove(CHECKSUM);
            if (!sum.isTextual() || !sum.asText().equals(CanonicalJson.sha256(content))) {
                return problem("was changed after it was written (its " + CHECKSUM + " does not match its content)");
            }
        }
        String id = o.get("id").asText();
        String own = RunId.of(o.get("kind").asText(), (ObjectNode) o.get("config"));
        if (!id.equals(own)) {
            return problem("says it is run " + id + ", but its kind and configuration are run " + own);
        }
        return new Parsed(new Record(o, sum != null), null);
    }

    private static Parsed problem(String text) {
        return new Parsed(null, text);
    }

    /** False for a legacy record written before records had a checksum: its content cannot be checked. */
    public boolean verified() {
        return verified;
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
