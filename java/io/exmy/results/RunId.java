package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run's identity: the first 16 hex digits of the SHA-256 of the canonical JSON of
 * {@code {"config": ..., "kind": ...}}. The same run always gets the same id, on any machine and
 * JDK, which is what makes the store exactly-once: a record's file name is its id.
 *
 * <p>Canonical JSON: object keys sorted, no whitespace, strings escaped as Jackson does, and every
 * number written as its exact decimal value without trailing zeros ({@code 1}, {@code 1.0} and
 * {@code 1e0} are all {@code 1}; {@code 0.1} is the exact binary value's expansion), so that YAML's
 * or a script's choice of number spelling cannot split one run into two ids. Non-finite numbers
 * cannot appear: JSON has none.
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

    public static boolean isValid(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    static String hash(String canonical) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The canonical JSON text that the id hashes (public so that a user can see what was hashed). */
    public static String canonical(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Json.compact(TextNode.valueOf(keys.get(i)))).append(':');
                write(n.get(keys.get(i)), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                write(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            sb.append(number(n));
        } else if (n.isTextual()) {
            sb.append(Json.compact(n));
        } else if (n.isBoolean() || n.isNull()) {
            sb.append(n.asText());
        } else {
            throw new IllegalArgumentException("cannot canonicalize JSON node of type " + n.getNodeType());
        }
    }

    private static String number(JsonNode n) {
        BigDecimal v;
        if (n.isIntegralNumber()) {
            v = new BigDecimal(n.bigIntegerValue());
        } else {
            // every non-integer goes through double, whatever the parser made of it, so that one
            // spelling of a number cannot hash differently when read as BigDecimal
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("a run configuration cannot hold " + d + " (JSON has no such number)");
            }
            v = new BigDecimal(d); // exact binary value: independent of how Double.toString rounds
        }
        if (v.signum() == 0) {
            return "0";
        }
        return v.stripTrailingZeros().toPlainString();
    }
}
