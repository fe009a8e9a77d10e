package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * A run's identity: the first 16 hex digits of the SHA-256 of the canonical JSON of
 * {@code {"config": ..., "kind": ...}}. The same run always gets the same id, on any machine and
 * JDK, which is what makes the store exactly-once: a record's file name is its id.
 *
 * <p>{@link CanonicalJson} makes the text, so that YAML's or a script's choice of key order or
 * number spelling cannot split one run into two ids.
 */
public final class RunId {
    public static final int HEX_DIGITS = 16;
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{" + HEX_DIGITS + "}");

    private RunId() {
    }

    public static String of(String kind, ObjectNode config) {
        ObjectNode key = Json.object();
        key.put("kind", kind);
        key.set("config", config);
        return hash(canonical(key));
    }

    static String hash(String canonical) {
        return CanonicalJson.sha256Hex(canonical).substring(0, HEX_DIGITS);
    }

    public static boolean isValid(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    /** The canonical JSON text that the id hashes (public so that a user can see what was hashed). */
    public static String canonical(JsonNode node) {
        return CanonicalJson.of(node);
    }
}
