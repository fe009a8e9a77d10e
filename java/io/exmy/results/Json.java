package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of the results store: records are pretty-printed, everything else compact. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * A reader of settings files (grids, experiments, training configs): YAML, or JSON when {@code json};
     * a key given twice is an error, where plain YAML and JSON readers keep the last one silently.
     */
    public static ObjectMapper settingsReader(boolean json) {
        return new ObjectMapper(settingsFactory(json));
    }

    public static com.fasterxml.jackson.core.JsonFactory settingsFactory(boolean json) {
        return (json ? com.fasterxml.jackson.core.JsonFactory.builder()
                : com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** "line 3: Duplicate field 'seed'": where a settings file stops parsing, and why. */
    public static String parseError(com.fasterxml.jackson.core.JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return (line > 0 ? "line " + line + ": " : "") + e.getOriginalMessage();
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] pretty(JsonNode node) {
        try {
            return (PRETTY.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
