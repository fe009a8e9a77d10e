package io.exmy.sweep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sweep grid file, checked but not yet expanded (see {@link GridExpander}). YAML, or JSON for
 * a {@code .json} file:
 *
 * <pre>
 * kind: qerror                      # required: the run kind
 * name: fp8-formats                 # optional label (Slurm job name)
 * fixed: {elements: 100000}         # optional: settings of every run
 * axes:                             # optional: every combination of these values is a run
 *   format: [e4m3, e3m2, e2m1]      #   (first axis varies slowest)
 *   scale: [0.1, 1, 10]
 * runs:                             # optional: explicit runs, each over fixed (and may
 *   - {format: e5m2, scale: 2}      #   override it), each combined with every axes point
 * </pre>
 */
public final class Grid {
    private static final Set<String> TOP_LEVEL = Set.of("kind", "name", "fixed", "axes", "runs");

    private final Path source;
    private final String kind;
    private final String name;
    private final ObjectNode fixed;
    private final Map<String, List<JsonNode>> axes;
    private final List<ObjectNode> runs;
    private final GridLines lines;

    private Grid(Path source, String kind, String name, ObjectNode fixed, Map<String, List<JsonNode>> axes,
                 List<ObjectNode> runs, GridLines lines) {
        this.source = source;
        this.kind = kind;
        this.name = name;
        this.fixed = fixed;
        this.axes = axes;
        this.runs = runs;
        this.lines = lines;
    }

    public static Grid load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepException("grid file " + file + " does not exist");
        } catch (IOException e) {
            throw new SweepException("cannot read grid file " + file + ": " + e.getMessage(), e);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(text, file, json);
    }

    /** Parses grid text; {@code source} names the file in errors. */
    public static Grid parse(String text, Path source, boolean json) {
        JsonFactory factory = io.exmy.results.Json.settingsFactory(json);
        ObjectMapper mapper = new ObjectMapper(factory);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SweepException(source + (line > 0 ? " line " + line : "") + ": not valid "
                    + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
        }
        GridLines lines = new GridLines(factory, text);
        Grid.Checker c = new Grid.Checker(source, lines);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SweepException(source + " is empty: a grid needs 'kind:' and 'fixed:', 'axes:' or 'runs:'");
        }
        if (!root.isObject()) {
            throw c.error("", "a grid is a mapping with kind:, fixed:, axes: and runs:, not " + describe(root));
        }
        for (String key : iterable(root)) {
            if (!TOP_LEVEL.contains(key)) {
                throw c.error("/" + key, "unknown grid key '" + key + "' (a grid has kind, name, fixed, axes, runs;"
                        + " run settings go under fixed:, axes: or runs:)");
            }
        }
        JsonNode kindNode = root.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw c.error(kindNode == null ? "" : "/kind", "expected 'kind:' naming the run kind (one of "
                    + String.join(", ", RunKinds.all().stream().map(RunKind::name).toList()) + ")");
        }
        try {
            RunKinds.get(kindNode.asText());
        } catch (SweepException e) {
            throw c.error("/kind", e.getMessage());
        }
        JsonNode nameNode = root.get("name");
        if (nameNode != null && !nameNode.isTextual()) {
            throw c.error("/name", "name: expected a short text label, got " + describe(nameNode));
        }

        ObjectNode fixed = io.exmy.results.Json.object();
        JsonNode f = root.get("fixed");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw c.error("/fixed", "fixed: expected a mapping of settings, got " + describe(f));
            }
            fixed = (ObjectNode) f;
        }

        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        JsonNode a = root.get("axes");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw c.error("/axes", "axes: expected a mapping of setting -> list of values, got " + describe(a));
            }
            for (String key : iterable(a)) {
                JsonNode values = a.get(key);
                if (!values.isArray()) {
                    throw c.error("/axes/" + key, "axis '" + key + "': expected a list of values like [1, 2, 4], got "
                            + describe(values) + " (a single value belongs under fixed:)");
                }
                if (values.isEmpty()) {
                    throw c.error("/axes/" + key, "axis '" + key + "' has no values: the grid would have no runs");
                }
                if (fixed.has(key)) {
                    throw c.error("/axes/" + key, "'" + key + "' is both fixed (line " + lines.line("/fixed/" + key)
                            + ") and an axis: keep one");
                }
                List<JsonNode> list = new ArrayList<>();
                values.forEach(list::add);
                axes.put(key, list);
            }
        }

        List<ObjectNode> runs = null;
        JsonNode r = root.get("runs");
        if (r != null && !r.isNull()) {
            if (!r.isArray() || r.isEmpty()) {
                throw c.error("/runs", "runs: expected a non-empty list of mappings like - {format: e4m3}, got "
                        + describe(r));
            }
            runs = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                JsonNode run = r.get(i);
                if (!run.isObject()) {
                    throw c.error("/runs/" + i, "runs[" + i + "]: expected a mapping of settings, got " + describe(run));
                }
                for (String key : iterable(run)) {
                    if (axes.containsKey(key)) {
                        throw c.error("/runs/" + i + "/" + key, "'" + key + "' is set by runs[" + i
                                + "] and is also an axis: keep one");
                    }
                }
                runs.add((ObjectNode) run);
            }
        }
        return new Grid(source, kindNode.asText(), nameNode == null ? null : nameNode.asText(), fixed, axes, runs,
                lines);
    }

    private static Iterable<String> iterable(JsonNode obj) {
        List<String> keys = new ArrayList<>();
        obj.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static String describe(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "the text '" + n.asText() + "'";
        }
        if (n.isNumber()) {
            return "the number " + n.asText();
        }
        return n.toString();
    }

    /** Builds errors that point at a line of the file. */
    static final class Checker {
        private final Path source;
        private final GridLines lines;

        Checker(Path source, GridLines lines) {
            this.source = source;
            this.lines = lines;
        }

        SweepException error(String pointer, String message) {
            int line = lines.line(pointer);
            String where = GridLines.dotted(pointer);
            return new SweepException(source + (line > 0 ? " line " + line : "")
                    + (where.isEmpty() ? "" : " (" + where + ")") + ": " + message);
        }
    }

    Checker checker() {
        return new Checker(source, lines);
    }

    public Path source() {
        return source;
    }

    public String kind() {
        return kind;
    }

    /** The grid's label: its name: or the file name without extension. */
    public String name() {
        if (name != null) {
            return name;
        }
        String f = source.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    public ObjectNode fixed() {
        return fixed.deepCopy();
    }

    public Map<String, List<JsonNode>> axes() {
        return Collections.unmodifiableMap(axes);
    }

    /** The explicit runs, or null if the grid has none. */
    public List<ObjectNode> runs() {
        return runs == null ? null : Collections.unmodifiableList(runs);
    }
}
