package io.exmy.sweep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each key and value of a YAML or JSON settings file (a grid, a recipe), by JSON
 * pointer, so that an error can say "line 7 (axes.scale[2])". Jackson's tree nodes forget where
 * they came from; a second pass of the streaming parser over the same text remembers.
 */
public final class GridLines {
    private final Map<String, Integer> lines = new HashMap<>();

    public GridLines(JsonFactory factory, String text) {
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonPointer ptr = p.getParsingContext().pathAsPointer();
                int line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY && line > 0) {
                    lines.putIfAbsent(ptr.toString(), line);
                }
            }
        } catch (IOException e) {
            // the tree parse reports syntax errors; lines are a nicety
        }
    }

    /** The line of a pointer such as {@code /axes/scale/2}, or of its nearest ancestor; 0 if unknown. */
    public int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int cut = p.lastIndexOf('/');
            if (cut < 0 || p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, cut);
        }
    }

    /** {@code /axes/scale/2} as a reader writes it: {@code axes.scale[2]}. */
    public static String dotted(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit) && sb.length() > 0) {
                sb.append('[').append(name).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(name);
            }
        }
        return sb.toString();
    }
}
