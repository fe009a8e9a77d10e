package io.exmy.fit;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders tables as Markdown (for reading and pasting into notes), CSV (for spreadsheets; several
 * tables are separated by a blank line and a {@code # title} line) or JSON (an object mapping each
 * title to an array of row objects, numbers kept as numbers).
 */
public final class TableWriter {
    public enum Format {
        MARKDOWN, CSV, JSON;

        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "md", "markdown" -> MARKDOWN;
                case "csv" -> CSV;
                case "json" -> JSON;
                default -> throw new FitException("unknown table format '" + s + "'; use md, csv or json");
            };
        }
    }

    private TableWriter() {
    }

    public static String render(List<Table> tables, Format format) {
        return switch (format) {
            case MARKDOWN -> markdown(tables);
            case CSV -> csv(tables);
            case JSON -> json(tables);
        };
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Formats.number(d);
        }
        if (v instanceof Float f) {
            return Formats.number(f);
        }
        return v.toString();
    }

    private static String markdown(List<Table> tables) {
        StringBuilder sb = new StringBuilder();
        for (Table t : tables) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("### ").append(t.title()).append("\n\n");
            int cols = t.headers().size();
            int[] width = new int[cols];
            List<String[]> body = new ArrayList<>();
            String[] head = new String[cols];
            for (int c = 0; c < cols; c++) {
                head[c] = t.headers().get(c).replace("|", "\\|");
                width[c] = Math.max(3, head[c].length());
            }
            for (List<Object> r : t.rows()) {
                String[] s = new String[cols];
                for (int c = 0; c < cols; c++) {
                    s[c] = cell(r.get(c)).replace("|", "\\|");
                    width[c] = Math.max(width[c], s[c].length());
                }
                body.add(s);
            }
            line(sb, head, width);
            sb.append('|');
            for (int c = 0; c < cols; c++) {
                sb.append(' ').append("-".repeat(width[c])).append(" |");
            }
            sb.append('\n');
            for (String[] s : body) {
                line(sb, s, width);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < cells.length; c++) {
            sb.append(' ').append(cells[c]).append(" ".repeat(width[c] - cells[c].length())).append(" |");
        }
        sb.append('\n');
    }

    private static String csv(List<Table> tables) {
        StringBuilder sb = new StringBuilder();
        for (Table t : tables) {
            if (tables.size() > 1) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append("# ").append(t.title()).append('\n');
            }
            csvLine(sb, new ArrayList<>(t.headers()));
            for (List<Object> r : t.rows()) {
                csvLine(sb, r);
            }
        }
        return sb.toString();
    }

    private static void csvLine(StringBuilder sb, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = cells.get(i) instanceof Double d ? Formats.number(d, 10) : cell(cells.get(i));
            if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                s = '"' + s.replace("\"", "\"\"") + '"';
            }
            sb.append(s);
        }
        sb.append('\n');
    }

    private static String json(List<Table> tables) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Table t : tables) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (List<Object> r : t.rows()) {
                Map<String, Object> o = new LinkedHashMap<>();
                for (int c = 0; c < t.headers().size(); c++) {
                    Object v = r.get(c);
                    if (v instanceof Double d && !Double.isFinite(d)) {
                        v = null;
                    }
                    o.put(t.headers().get(c), v);
                }
                rows.add(o);
            }
            out.put(t.title(), rows);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
