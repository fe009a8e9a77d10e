package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * One text for one JSON value, whatever its spelling: object keys sorted, no whitespace, strings
 * escaped as Jackson does, and every number written as its exact decimal value without trailing
 * zeros ({@code 1}, {@code 1.0} and {@code 1e0} are all {@code 1}; {@code 0.1} is the exact binary
 * value's expansion). Run ids and record checksums hash it. Non-finite numbers cannot appear: JSON
 * has none.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    public static String of(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    /** The SHA-256 of the canonical text (UTF-8), as 64 lowercase hex digits. */
    public static String sha256(JsonNode node) {
        return sha256Hex(of(node));
    }

    static String sha256Hex(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
