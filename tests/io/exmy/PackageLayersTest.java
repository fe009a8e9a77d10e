package io.exmy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' layers (docs/ARCHITECTURE.md, "Layers"): which package may use which, read from
 * every source file's imports and the qualified names in its code (comments and string literals
 * left out), and no cycle between packages. The table here and the one in ARCHITECTURE.md must be
 * the same table, and it is kept strict: a permission no package uses any more fails as well.
 */
class PackageLayersTest {
    static final Path SOURCES = Path.of("java");
    static final Path ARCHITECTURE = Path.of("docs/ARCHITECTURE.md");
    /** The top: may use every other package (nothing may use it, so it closes no cycle). */
    static final Set<String> ALL = Set.of("*");

    /** A package may use the packages listed for it (and nothing else of exmy). Mirrors ARCHITECTURE.md. */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        // the references: formats, block scaling, transforms, training ops, GEMM
        allow("format");
        allow("block", "format");
        allow("transform", "block");
        allow("ops");
        allow("matmul");
        // plumbing
        allow("io");
        allow("results", "io");
        allow("data", "io");
        // the backends: the checked front, its devices, and the one package that opens them by name
        allow("backend", "format", "block", "transform", "ops", "matmul");
        allow("backend.java", "backend", "format", "block", "transform", "ops", "matmul");
        allow("backend.host", "backend", "format", "block", "transform", "ops", "matmul");
        allow("backend.kernel", "backend", "format", "block", "transform", "ops", "matmul");
        allow("backend.cuda", "backend", "backend.kernel", "matmul");
        allow("backend.emu", "backend", "backend.kernel", "backend.host");
        allow("backends", "backend", "backend.java", "backend.host", "backend.kernel", "backend.cuda", "backend.emu");
        // computations composed from a backend's ops
        allow("quantized", "backend", "format", "block", "matmul");
        allow("stream", "backend", "format", "block", "io");
        // experiments
        allow("fit.base");
        allow("fit.expr", "fit.base");
        allow("fit.data", "fit.base", "fit.expr", "results");
        allow("fit.law", "fit.base", "fit.data", "fit.expr");
        allow("fit.solve", "fit.base", "fit.data", "fit.law");
        allow("fit", "fit.base", "fit.data", "fit.law", "fit.solve", "io");
        allow("compare", "fit", "fit.base", "fit.data");
        allow("report", "fit", "fit.base", "io");
        allow("sweep", "results", "io");
        allow("sweep.qerror", "sweep", "results", "backend", "backends", "format");
        allow("train", "sweep", "results", "data", "backend", "backends", "format", "block", "transform", "ops", "matmul",
                "io");
        allow("ptq", "train", "sweep", "results", "data", "backend", "backends", "format", "matmul", "io");
        allow("experiment", "sweep", "results", "fit", "fit.base", "fit.data", "fit.law", "fit.solve", "compare", "report", "io");
        // benchmark programs
        allow("bench", "train", "data", "fit", "fit.data", "fit.law", "fit.solve", "quantized", "backend", "format", "block", "transform", "ops", "matmul");
        // the command line
        allow("cli.common", "train", "fit", "results", "format", "block", "io");
        allow("cli.fit", "cli.common", "fit", "fit.base", "fit.data", "fit.law", "fit.solve");
        allow("cli.bench", "cli.common", "bench", "train", "quantized", "backend", "backends", "format", "block",
                "transform", "io");
        MAY_USE.put("cli", ALL);
    }

    private static void allow(String pkg, String... uses) {
        MAY_USE.put(pkg, new TreeSet<>(List.of(uses)));
    }

    // ---- the checks ----

    @Test
    void noCycleBetweenPackages() throws IOException {
        Map<String, Map<String, Set<String>>> uses = uses(SOURCES);
        List<String> problems = new ArrayList<>();
        for (List<String> cycle : cycles(graph(uses))) {
            StringBuilder b = new StringBuilder(String.join(" → ", cycle));
            for (int i = 0; i + 1 < cycle.size(); i++) {
                b.append("\n    ").append(cycle.get(i)).append(" → ").append(cycle.get(i + 1)).append(": ")
                        .append(uses.get(cycle.get(i)).get(cycle.get(i + 1)));
            }
            problems.add(b.toString());
        }
        assertEquals(List.of(), problems, "package cycles (each with the files that make its arrows)");
    }

    @Test
    void everyUseIsOneTheLayersTableAllows() throws IOException {
        List<String> problems = new ArrayList<>();
        uses(SOURCES).forEach((pkg, used) -> {
            Set<String> allowed = MAY_USE.get(pkg);
            if (allowed == null || allowed == ALL) {
                return; // a package without a row fails everyPackageHasARowAndAPackageInfo
            }
            used.forEach((u, files) -> {
                if (!allowed.contains(u)) {
                    problems.add(pkg + " uses " + u + " in " + files);
                }
            });
        });
        assertEquals(List.of(), problems, "uses the Layers table of docs/ARCHITECTURE.md does not allow"
                + " (move the code, or change the table here and there if the layering should change)");
    }

    @Test
    void everyPermissionIsUsed() throws IOException {
        Map<String, Map<String, Set<String>>> uses = uses(SOURCES);
        List<String> unused = new ArrayList<>();
        MAY_USE.forEach((pkg, allowed) -> {
            if (allowed != ALL) {
                for (String a : allowed) {
                    if (!uses.getOrDefault(pkg, Map.of()).containsKey(a)) {
                        unused.add(pkg + " may use " + a + " but does not");
                    }
                }
            }
        });
        assertEquals(List.of(), unused, "permissions of the Layers table nothing needs: remove them here and in"
                + " docs/ARCHITECTURE.md, so the table stays the strictest one that holds");
    }

    @Test
    void everyPackageHasARowAndAPackageInfoThatSaysTheSame() throws IOException {
        Set<String> packages = packages(SOURCES);
        assertEquals(new TreeSet<>(MAY_USE.keySet()), packages, "packages of java/ vs rows of the Layers table");
        List<String> problems = new ArrayList<>();
        for (String p : packages) {
            Path info = SOURCES.resolve("io/exmy/" + p.replace('.', '/')).resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                problems.add(p + ": no package-info.java (what it holds, what it may use)");
            } else if (!MAY_USE.get(p).equals(saysItMayUse(Files.readString(info, StandardCharsets.UTF_8)))) {
                problems.add(p + ": package-info.java says it may use " + saysItMayUse(Files.readString(info,
                        StandardCharsets.UTF_8)) + ", the Layers table " + MAY_USE.get(p));
            }
        }
        assertEquals(List.of(), problems, "package-info.java files");
    }

    @Test
    void theArchitectureDocumentHasTheSameTable() throws IOException {
        Map<String, Set<String>> doc = documentedTable(Files.readString(ARCHITECTURE, StandardCharsets.UTF_8));
        assertEquals(new TreeMap<>(MAY_USE), new TreeMap<>(doc), "the Layers table of docs/ARCHITECTURE.md vs MAY_USE");
        Map<String, Set<String>> permitted = new TreeMap<>(MAY_USE);
        permitted.remove("cli");
        assertEquals(List.of(), cycles(permitted), "the table itself permits a cycle");
    }

    // ---- the checkers' own tests: each must be able to fail ----

    @Test
    void theCycleFinderFindsEveryCycleAndOnlyCycles() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", Set.of("b"));
        g.put("b", Set.of("c"));
        g.put("c", Set.of("a", "d"));
        g.put("d", Set.of("e"));
        g.put("e", Set.of("d", "f"));
        g.put("f", Set.of());
        g.put("x", Set.of("a", "f"));
        assertEquals(List.of(List.of("a", "b", "c", "a"), List.of("d", "e", "d")), cycles(g));
        g.put("c", Set.of("d"));
        g.put("e", Set.of("f"));
        assertEquals(List.of(), cycles(g));
    }

    @Test
    void usesAreImportsAndQualifiedNamesInCodeOnly() {
        Set<String> known = Set.of("a", "b", "b.c", "d", "e", "f", "g", "h");
        String src = """
                package io.exmy.a;

                import io.exmy.b.c.Thing;
                import static io.exmy.d.Util.helper;
                import io.exmy.e.*;
                /** Not a use: {@link io.exmy.z.Nope}, see io.exmy.z.Nope. */
                class X {
                    // io.exmy.z.Nope in a comment
                    String s = "io.exmy.z.Nope in a string \\" io.exmy.z.Nope";
                    char q = '"';
                    io.exmy.f.Type t = new io.exmy.f.Type();
                    Object o = io.exmy.g.Other.make(io.exmy.a.Self.VALUE);
                    String block = \"""
                        io.exmy.z.Nope in a text block
                        \""";
                    Object h = io.exmy.h.Last.class;
                }
                """;
        assertEquals(new TreeSet<>(List.of("b.c", "d", "e", "f", "g", "h")), usedPackages(src, "a", known));
    }

    @Test
    void thePackageInfoParserReadsNamesNoneAndAll() {
        assertEquals(Set.of("format", "backend.kernel"), saysItMayUse("""
                /**
                 * Holds things.
                 *
                 * <p>May use {@code format}, {@code
                 * backend.kernel} (docs/ARCHITECTURE.md, "Layers").
                 */
                package io.exmy.x;
                """));
        assertEquals(Set.of(), saysItMayUse("/**\n * <p>May use no other exmy package.\n */\npackage io.exmy.x;\n"));
        assertEquals(ALL, saysItMayUse("/**\n * <p>May use every other package.\n */\npackage io.exmy.x;\n"));
        assertEquals(null, saysItMayUse("/** Holds things. */\npackage io.exmy.x;\n"));
    }

    @Test
    void theDocumentTableParserReadsRowsNoneAndAll() {
        String md = """
                # Title

                ## Layers

                text

                | package | may use |
                |---|---|
                | `format` | — |
                | `block` | `format` |
                | `cli` | every other package |

                ## Next

                | `other` | `table` |
                """;
        Map<String, Set<String>> want = new TreeMap<>();
        want.put("format", Set.of());
        want.put("block", Set.of("format"));
        want.put("cli", ALL);
        assertEquals(want, new TreeMap<>(documentedTable(md)));
    }

    // ---- reading the sources ----

    /** For each package (without "io.exmy."), the packages it uses, each with the files that use it. */
    static Map<String, Map<String, Set<String>>> uses(Path root) throws IOException {
        Set<String> known = packages(root);
        Map<String, Map<String, Set<String>>> out = new TreeMap<>();
        for (Path f : javaFiles(root)) {
            String src = Files.readString(f, StandardCharsets.UTF_8);
            String pkg = packageOf(src);
            Map<String, Set<String>> used = out.computeIfAbsent(pkg, k -> new TreeMap<>());
            for (String u : usedPackages(src, pkg, known)) {
                used.computeIfAbsent(u, k -> new TreeSet<>()).add(f.getFileName().toString());
            }
        }
        return out;
    }

    static Map<String, Set<String>> graph(Map<String, Map<String, Set<String>>> uses) {
        Map<String, Set<String>> g = new TreeMap<>();
        uses.forEach((p, u) -> g.put(p, u.keySet()));
        return g;
    }

    static Set<String> packages(Path root) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path f : javaFiles(root)) {
            out.add(packageOf(Files.readString(f, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+io\\.exmy\\.([\\w.]+)\\s*;");
    /** io.exmy. followed by lower-case segments: a package, then (upper case) a type, a static member, or *. */
    private static final Pattern NAME = Pattern.compile("\\bio\\.exmy((?:\\.[a-z_][a-z0-9_]*)+)");

    static String packageOf(String src) {
        Matcher m = PACKAGE.matcher(src);
        if (!m.find()) {
            throw new IllegalArgumentException("a source file outside io.exmy or without a package line");
        }
        return m.group(1);
    }

    /** The exmy packages {@code src} (of package {@code pkg}) names in its code, each the longest known one. */
    static Set<String> usedPackages(String src, String pkg, Set<String> known) {
        String code = PACKAGE.matcher(codeOnly(src)).replaceFirst("");
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(code);
        while (m.find()) {
            String name = m.group(1).substring(1);
            String p = name;
            while (!known.contains(p) && p.contains(".")) {
                p = p.substring(0, p.lastIndexOf('.'));
            }
            // a name of no known package (a field of a static import, say) is kept whole and fails the table
            String used = known.contains(p) ? p : name;
            if (!used.equals(pkg)) {
                out.add(used);
            }
        }
        return out;
    }

    /** The source with comments, string and character literals and text blocks blanked out. */
    static String codeOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = i + 3;
                while (end < n && !s.startsWith("\"\"\"", end)) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char q = s.charAt(i);
                end = i + 1;
                while (end < n && s.charAt(end) != q && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
            } else {
                b.append(s.charAt(i++));
                continue;
            }
            for (int j = i; j < end; j++) {
                b.append(s.charAt(j) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return b.toString();
    }

    // ---- cycles ----

    /**
     * One cycle per strongly connected component of more than one package (Tarjan), each written
     * from its smallest package along a shortest way back to it: [a, b, c, a]. Sorted.
     */
    static List<List<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String v : new TreeSet<>(g.keySet())) {
            if (!index.containsKey(v)) {
                strongConnect(v, g, index, low, stack, onStack, components, counter);
            }
        }
        List<List<String>> out = new ArrayList<>();
        for (Set<String> c : components) {
            if (c.size() > 1) {
                out.add(shortestCycle(c.iterator().next(), c, g));
            }
        }
        out.sort((x, y) -> x.get(0).compareTo(y.get(0)));
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<Set<String>> components, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : new TreeSet<>(g.getOrDefault(v, Set.of()))) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> c = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                c.add(w);
            } while (!w.equals(v));
            components.add(c);
        }
    }

    /** Breadth first from {@code start} inside its component, back to {@code start}. */
    private static List<String> shortestCycle(String start, Set<String> component, Map<String, Set<String>> g) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : new TreeSet<>(g.getOrDefault(v, Set.of()))) {
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String x = v; !x.equals(start); x = parent.get(x)) {
                        path.add(1, x);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(w) && !parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new IllegalStateException("no way back to " + start + " in its own component");
    }

    // ---- the documents ----

    private static final Pattern JAVADOC_CODE = Pattern.compile("\\{@code\\s+([a-z][a-z0-9.]*)\\s*}");

    /** A package-info's "May use {@code a}, {@code b} …" ("no other exmy package": none; "every other": all). */
    static Set<String> saysItMayUse(String packageInfo) {
        int at = packageInfo.indexOf("May use");
        if (at < 0) {
            return null;
        }
        String text = packageInfo.substring(at, packageInfo.indexOf("*/", at)).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
        if (text.contains("every other package")) {
            return ALL;
        }
        Set<String> out = new TreeSet<>();
        Matcher m = JAVADOC_CODE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static final Pattern CODE = Pattern.compile("`([a-z][a-z0-9.]*)`");

    /** The table under "## Layers": first cell the package, second what it may use ("—": nothing; "every": all). */
    static Map<String, Set<String>> documentedTable(String markdown) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equals("## Layers");
                continue;
            }
            if (!inSection || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| package")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher p = CODE.matcher(cells[1]);
            if (!p.find()) {
                throw new IllegalArgumentException("a Layers row without a package: " + line);
            }
            Set<String> uses = new TreeSet<>();
            Matcher u = CODE.matcher(cells[2]);
            while (u.find()) {
                uses.add(u.group(1));
            }
            Set<String> old = out.put(p.group(1), cells[2].contains("every") ? ALL : uses);
            if (old != null) {
                throw new IllegalArgumentException("package " + p.group(1) + " has two Layers rows");
            }
        }
        return out;
    }
}
