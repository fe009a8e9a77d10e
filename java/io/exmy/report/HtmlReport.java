package io.exmy.report;

import io.exmy.fit.base.Formats;
import io.exmy.fit.Table;
import io.exmy.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page: headings, paragraphs, key facts, tables and PNG figures. Figures are
 * embedded as data URIs, so the page shows everything when opened alone (mailed, archived, served
 * from anywhere); the PNG files are also written beside it for papers and slides.
 */
public final class HtmlReport {
    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    private int tables;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2 id=\"").append(anchor(text)).append("\">").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A list of key: value facts (run provenance, settings). */
    public HtmlReport facts(Map<String, String> facts) {
        body.append("<dl class=\"facts\">\n");
        facts.forEach((k, v) -> body.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(v))
                .append("</dd>\n"));
        body.append("</dl>\n");
        return this;
    }

    public HtmlReport table(Table t) {
        tables++;
        body.append("<table>\n<caption>").append(escape(t.title())).append("</caption>\n<thead><tr>");
        for (String h : t.headers()) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) {
            body.append("<tr>");
            for (Object cell : row) {
                boolean number = cell instanceof Number;
                body.append(number ? "<td class=\"num\">" : "<td>").append(escape(cell(cell))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /** A PNG figure, embedded in the page and written as {@code plots/<fileName>}. */
    public HtmlReport image(String fileName, byte[] png, String caption) {
        if (!fileName.matches("[A-Za-z0-9_.-]+\\.png")) {
            throw new IllegalArgumentException("figure file name must be plain and end in .png: " + fileName);
        }
        images.put(fileName, png);
        body.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\" alt=\"").append(escape(caption)).append("\" data-file=\"plots/").append(fileName)
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    public HtmlReport link(String href, String text) {
        body.append("<p><a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a></p>\n");
        return this;
    }

    public int tableCount() {
        return tables;
    }

    public int imageCount() {
        return images.size();
    }

    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "</body>\n</html>\n";
    }

    /** Writes {@code index.html} and {@code plots/*.png} into {@code dir} (created), each atomically. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("plots"));
        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            AtomicFiles.write(dir.resolve("plots").resolve(e.getKey()), out -> out.write(e.getValue()));
        }
        Path index = dir.resolve("index.html");
        AtomicFiles.write(index, out -> out.write(html().getBytes(StandardCharsets.UTF_8)));
        return index;
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

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String anchor(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
            caption { text-align: left; font-weight: 600; padding: 0.3em 0; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; } th { background: #f4f4f4; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
            figcaption { font-size: 0.9em; color: #555; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
            dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
            """;
}
