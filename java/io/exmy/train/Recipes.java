package io.exmy.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built-in recipes: every {@code *.yaml} of the top-level {@code recipes/} directory, which the
 * build puts in the jar under {@code io/exmy/recipes/} — so a new built-in recipe is one file, and a
 * user's recipe file is read by the same {@link RecipeReader}. Listed with {@code none} (the
 * default) first, then by name.
 */
public final class Recipes {
    static final String RESOURCES = "io/exmy/recipes";
    public static final String DEFAULT = "none";

    private static volatile Map<String, Recipe> builtIn;

    private Recipes() {
    }

    /** The built-in recipes by name, in listing order. */
    public static Map<String, Recipe> builtIn() {
        Map<String, Recipe> m = builtIn;
        if (m == null) {
            synchronized (Recipes.class) {
                if (builtIn == null) {
                    builtIn = load();
                }
                m = builtIn;
            }
        }
        return m;
    }

    public static List<String> names() {
        return List.copyOf(builtIn().keySet());
    }

    public static Optional<Recipe> find(String name) {
        return Optional.ofNullable(builtIn().get(name.toLowerCase(Locale.ROOT)));
    }

    /** A built-in recipe; an unknown name is an error that lists the known ones. */
    public static Recipe named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown recipe '" + name + "': use one of "
                + String.join(", ", names()) + ", or a recipe file (recipe_file:, exmy train --recipe-file)"));
    }

    /** A user's recipe file, which may not take a built-in recipe's name. */
    public static Recipe file(Path file) {
        Recipe r = RecipeReader.read(file);
        if (builtIn().containsKey(r.name())) {
            throw new IllegalArgumentException(file + ": name " + r.name() + " is a built-in recipe's; give yours another"
                    + " name (exmy recipes lists the built-in ones)");
        }
        return r;
    }

    /**
     * The settings the built-in recipes add, by key, each as the recipe that declares it has it:
     * under any other recipe such a key may only hold its default, and is left out of the run's
     * configuration. Two built-ins declaring one key must agree on it.
     */
    static Map<String, RecipeSetting> builtInSettings() {
        Map<String, RecipeSetting> out = new LinkedHashMap<>();
        for (Recipe r : builtIn().values()) {
            for (RecipeSetting s : r.settings().values()) {
                RecipeSetting old = out.putIfAbsent(s.key(), s);
                if (old != null && !old.equals(s)) {
                    throw new IllegalStateException("built-in recipes declare setting " + s.key() + " differently: "
                            + old + " and " + s);
                }
            }
        }
        return out;
    }

    private static Map<String, Recipe> load() {
        List<Recipe> all = new ArrayList<>();
        forEachResource((name, text) -> {
            Recipe r = RecipeReader.parse(text, "recipes/" + name + " (built in)", false, true);
            String expected = name.substring(0, name.length() - ".yaml".length());
            if (!r.name().equals(expected)) {
                throw new IllegalStateException("recipes/" + name + " is named " + r.name() + ": a built-in recipe's"
                        + " file is its name .yaml");
            }
            all.add(r);
        });
        all.sort(Comparator.comparing((Recipe r) -> !r.name().equals(DEFAULT)).thenComparing(Recipe::name));
        Map<String, Recipe> m = new LinkedHashMap<>();
        all.forEach(r -> m.put(r.name(), r));
        if (!m.containsKey(DEFAULT)) {
            throw new IllegalStateException("no built-in recipe '" + DEFAULT + "' in " + RESOURCES);
        }
        return Collections.unmodifiableMap(m);
    }

    private interface ResourceVisitor {
        void visit(String fileName, String text);
    }

    /** Every {@code *.yaml} under the resource directory, from a directory (a build) or a jar. */
    private static void forEachResource(ResourceVisitor v) {
        URL url = Recipes.class.getClassLoader().getResource(RESOURCES);
        if (url == null) {
            throw new IllegalStateException("the built-in recipes (" + RESOURCES + ") are not on the class path: the"
                    + " build copies recipes/ there");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    visit(fs.provider().getPath(uri), v);
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            } else {
                visit(Path.of(uri), v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in recipes: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void visit(Path dir, ResourceVisitor v) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path p : files) {
            v.visit(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
    }
}
