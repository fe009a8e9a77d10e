package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes records as JSON Lines (each record as stored, one per line) or CSV (one row per record,
 * columns flattened by {@link Flatten}, the union over all records in first-seen order; a record
 * lacking a column leaves its cell empty). Both are what {@code exmy fit} reads.
 */
public final class ResultsExport {
    public enum Format {
        JSONL, CSV;

        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "jsonl", "ndjson" -> JSONL;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("unknown export format '" + s + "': use jsonl or csv");
            };
        }

        /** CSV for a {@code .csv} file name, else JSON Lines. */
        public static Format forFileName(String name) {
            return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
        }
    }

    private ResultsExport() {
    }

    public static void write(List<Record> records, Format format, OutputStream out) throws IOException {
        if (format == Format.JSONL) {
            for (Record r : records) {
                out.write((Json.compact(r.json()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } else {
            out.write(csv(records).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String csv(List<Record> records) {
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (Record r : records) {
            Map<String, JsonNode> flat = Flatten.of(r.json());
            rows.add(flat);
            columns.addAll(flat.keySet());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, new ArrayList<>(columns));
        for (Map<String, JsonNode> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(Flatten.cell(row.get(c)));
            }
            line(sb, cells);
        }
        return sb.toString();
    }

    /** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        sb.append('\n');
    }
}
