package io.exmy.fit.data;

import io.exmy.fit.base.FitException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads measured points: CSV with a header row, a JSON Lines file whose objects are flattened
 * with dots ({@code {"format":{"E":4}}} gives column {@code format.E}), or a results store
 * directory ({@code exmy sweep}'s records, flattened the same way: {@code config.format},
 * {@code metrics.sqnr_db}). Numbers become numeric columns, strings categorical ones. A run id
 * (a CSV column {@code id}, a JSON Lines field {@code id}) may appear once.
 */
public final class DataReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataReader() {
    }

    /** The column that holds each record's group in a JSON file of named groups ({@link #readJson}). */
    public static final String GROUP = "group";

    /**
     * A directory is a results store; otherwise the file name decides: {@code .jsonl}/{@code .ndjson}
     * are JSON Lines, {@code .json} one JSON document ({@link #readJson}), anything else CSV.
     */
    public static Dataset read(Path path) {
        if (Files.isDirectory(path)) {
            return readStore(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                return readJsonLines(path);
            }
            if (name.endsWith(".json")) {
                return readJson(path);
            }
            return readCsv(path);
        } catch (NoSuchFileException e) {
            throw new FitException("data file " + path + " does not exist");
        } catch (IOException e) {
            throw new FitException("cannot read data file " + path + ": " + e.getMessage(), e);
        }
    }

    public static Dataset readCsv(Path path) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            List<List<String>> records = parseCsv(in, path);
            if (records.isEmpty()) {
                throw new FitException("data file " + path + " is empty; expected a header row and data rows");
            }
            List<String> header = records.get(0);
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            Map<String, List<Object>> cells = new LinkedHashMap<>();
            for (String h : header) {
                if (cells.put(h.trim(), new ArrayList<>()) != null) {
                    throw new FitException("data file " + path + ": column '" + h.trim() + "' appears twice in the header");
                }
            }
            List<String> order = new ArrayList<>(cells.keySet());
            int idColumn = order.indexOf("id");
            Map<String, Integer> ids = new HashMap<>();
            int rows = 0;
            for (int r = 1; r < records.size(); r++) {
                List<String> rec = records.get(r);
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                if (rec.size() != order.size()) {
                    throw new FitException("data file " + path + ", record " + (r + 1) + ": " + rec.size()
                            + " fields but the header has " + order.size());
                }
                if (idColumn >= 0) {
                    uniqueId(ids, rec.get(idColumn).trim(), r + 1, "data file " + path, "records", "row");
                }
                for (int c = 0; c < order.size(); c++) {
                    cells.get(order.get(c)).add(cell(rec.get(c)));
                }
                rows++;
            }
            return Dataset.fromCells(path.toString(), order, cells, rows);
        }
    }

    private static Object cell(String raw) {
        String s = raw.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("null")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** RFC 4180: commas, double-quoted fields with doubled quotes, line breaks inside quotes, CRLF or LF. */
    static List<List<String>> parseCsv(BufferedReader in, Path path) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                rec.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                rec.add(field.toString());
                field.setLength(0);
                out.add(rec);
                rec = new ArrayList<>();
                any = false;
            } else {
                field.append((char) c);
            }
        }
        if (quoted) {
            throw new FitException("data file " + path + ": a quoted field is not closed");
        }
        if (any) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }

    public static Dataset readJsonLines(Path path) throws IOException {
        Map<String, List<Object>> cells = new LinkedHashMap<>();
        Map<String, Integer> ids = new HashMap<>();
        int rows = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new FitException("results file " + path + ", line " + lineNo + " is not valid JSON: "
                            + e.getOriginalMessage());
                }
                if (!node.isObject()) {
                    throw new FitException("results file " + path + ", line " + lineNo + ": expected a JSON object");
                }
                if (node.path("id").isTextual()) {
                    uniqueId(ids, node.get("id").asText(), lineNo, "results file " + path, "lines", "line");
                }
                addRow(cells, rows++, node);
            }
        }
        if (rows == 0) {
            throw new FitException("results file " + path + " holds no records");
        }
        return Dataset.fromCells(path.toString(), new ArrayList<>(cells.keySet()), cells, rows);
    }

    /**
     * One JSON document holding records (objects, flattened as in JSON Lines): an array of them, or
     * an object whose every value is an array of them — records in named groups, as the Quartet II
     * runs file keeps each training recipe's runs under its name. A group's name becomes the
     * column {@value #GROUP} of its records.
     */
    public static Dataset readJson(Path path) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new FitException("data file " + path + " is not valid JSON: " + e.getOriginalMessage());
        }
        Map<String, List<Object>> cells = new LinkedHashMap<>();
        int rows = 0;
        if (root != null && root.isArray()) {
            for (JsonNode r : root) {
                addRow(cells, rows++, record(path, r, "element " + rows));
            }
        } else if (root != null && root.isObject()) {
            for (Map.Entry<String, JsonNode> g : root.properties()) {
                if (!g.getValue().isArray()) {
                    throw new FitException("data file " + path + ": '" + g.getKey() + "' is not an array of records; expected "
                            + "an array of objects, or an object whose values are arrays of objects (groups)");
                }
                for (JsonNode r : g.getValue()) {
                    JsonNode rec = record(path, r, "group '" + g.getKey() + "', record " + (rows + 1));
                    if (rec.has(GROUP)) {
                        throw new FitException("data file " + path + ": a record of group '" + g.getKey()
                                + "' has a field '" + GROUP + "' of its own, which the group's name would replace");
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode withGroup = JSON.createObjectNode().put(GROUP, g.getKey());
                    withGroup.setAll((com.fasterxml.jackson.databind.node.ObjectNode) rec);
                    addRow(cells, rows++, withGroup);
                }
            }
        } else {
            throw new FitException("data file " + path + " holds neither an array of records nor an object of groups");
        }
        if (rows == 0) {
            throw new FitException("data file " + path + " holds no records");
        }
        return Dataset.fromCells(path.toString(), new ArrayList<>(cells.keySet()), cells, rows);
    }

    private static JsonNode record(Path path, JsonNode r, String where) {
        if (!r.isObject()) {
            throw new FitException("data file " + path + ", " + where + ": expected a JSON object");
        }
        return r;
    }

    /**
     * A run id may appear once: a record read twice (a duplicated line, a copied row) would count
     * one run as two measurements in a fit.
     */
    private static void uniqueId(Map<String, Integer> seen, String id, int where, String source, String units,
                                 String unit) {
        if (id.isEmpty()) {
            return;
        }
        Integer first = seen.putIfAbsent(id, where);
        if (first != null) {
            throw new FitException(source + ": run id " + id + " appears twice, in " + units + " " + first + " and " + where
                    + ": remove the duplicated " + unit);
        }
    }

    /** A results store directory: one row per record (the store refuses a run recorded twice). */
    public static Dataset readStore(Path dir) {
        List<io.exmy.results.Record> records;
        try {
            records = io.exmy.results.ResultsStore.open(dir).records();
        } catch (io.exmy.results.StoreException e) {
            throw new FitException(e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new FitException("results store " + dir + " holds no records yet");
        }
        Map<String, List<Object>> cells = new LinkedHashMap<>();
        int rows = 0;
        for (io.exmy.results.Record r : records) {
            addRow(cells, rows++, r.json());
        }
        return Dataset.fromCells(dir.toString(), new ArrayList<>(cells.keySet()), cells, rows);
    }

    /** Appends one flattened object as row {@code row}; columns it lacks (or first has) get missing values. */
    private static void addRow(Map<String, List<Object>> cells, int row, JsonNode node) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", node, flat);
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            List<Object> col = cells.get(e.getKey());
            if (col == null) {
                col = new ArrayList<>();
                for (int i = 0; i < row; i++) {
                    col.add(null); // field first seen on a later line: missing before
                }
                cells.put(e.getKey(), col);
            }
            col.add(e.getValue());
        }
        for (List<Object> col : cells.values()) {
            while (col.size() < row + 1) {
                col.add(null);
            }
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), out);
            }
        } else if (node.isNumber()) {
            out.put(prefix, node.asDouble());
        } else if (node.isBoolean()) {
            out.put(prefix, node.asBoolean() ? 1.0 : 0.0);
        } else if (node.isNull()) {
            out.put(prefix, null);
        } else {
            out.put(prefix, node.asText());
        }
    }
}
