package io.exmy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The docs' tables are recomputed from their data: a table preceded by a line that is only the comment
 * {@code <!-- exmy ARGS -->} (or {@code <!-- exmy[K] ARGS -->} for the K-th table the command prints)
 * must equal, cell for cell, what {@code exmy ARGS --format csv} prints now — so every number in
 * such a table comes with its data file (named in ARGS, committed under docs/figures/) and the
 * command that makes it.
 */
class DocTablesTest {
    private static final Pattern MARKER = Pattern.compile("<!--\\s*exmy(?:\\[(\\d+)])?\\s+(.*?)\\s*-->");

    @TestFactory
    Stream<DynamicTest> everyMarkedTableEqualsItsCommandsOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(doc);
                for (int i = 0; i < lines.size(); i++) {
                    // a marker is a line of its own: prose that shows the syntax inline is not one
                    Matcher m = MARKER.matcher(lines.get(i).trim());
                    if (m.matches()) {
                        int index = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
                        String args = m.group(2);
                        List<List<String>> table = markdownTable(lines, i + 1);
                        String where = doc + ":" + (i + 1);
                        tests.add(DynamicTest.dynamicTest(where + " exmy " + args, () -> check(where, args, index, table)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(String where, String args, int index, List<List<String>> documented) {
        assertTrue(documented.size() >= 2, where + ": no Markdown table follows the marker");
        List<String> argv = new ArrayList<>(words(args));
        argv.addAll(List.of("--format", "csv"));
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(argv.toArray(new String[0]));
        assertEquals(0, code, where + ": exmy " + args + "\n" + err);
        List<List<String>> computed = csvTable(out.toString(), index);
        assertEquals(render(computed), render(documented), where + ": the table differs from what exmy " + args + " prints");
    }

    /** The table's rows of cells from line {@code from} on (blank lines before it skipped), separator row left out. */
    static List<List<String>> markdownTable(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        List<List<String>> rows = new ArrayList<>();
        for (; i < lines.size() && lines.get(i).trim().startsWith("|"); i++) {
            String l = lines.get(i).trim();
            List<String> cells = new ArrayList<>();
            for (String c : l.substring(1, l.endsWith("|") ? l.length() - 1 : l.length()).split("\\|", -1)) {
                cells.add(c.trim());
            }
            if (!cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The {@code index}-th table of the CSV output (tables are separated by a blank line and a "# title"). */
    static List<List<String>> csvTable(String csv, int index) {
        List<List<List<String>>> tables = new ArrayList<>();
        List<List<String>> current = null;
        for (String line : csv.split("\n")) {
            if (line.isBlank()) {
                current = null;
                continue;
            }
            if (line.startsWith("# ")) {
                continue;
            }
            if (current == null) {
                current = new ArrayList<>();
                tables.add(current);
            }
            current.add(csvCells(line));
        }
        assertTrue(index <= tables.size(), "the command prints " + tables.size() + " table(s), not " + index);
        return tables.get(index - 1);
    }

    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    sb.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(sb.toString().trim());
                sb.setLength(0);
            } else {
                sb.append(ch);
            }
        }
        cells.add(sb.toString().trim());
        return cells;
    }

    /** Shell-like words: spaces separate, '…' and "…" quote. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char ch : s.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    sb.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                any = true;
            } else if (Character.isWhitespace(ch)) {
                if (any || sb.length() > 0) {
                    out.add(sb.toString());
                    sb.setLength(0);
                    any = false;
                }
            } else {
                sb.append(ch);
            }
        }
        if (any || sb.length() > 0) {
            out.add(sb.toString());
        }
        return out;
    }

    private static String render(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(String.join(" | ", r)).append('\n'));
        return sb.toString();
    }
}
