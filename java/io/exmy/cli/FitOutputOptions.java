package io.exmy.cli;

import io.exmy.fit.Table;
import io.exmy.fit.TableWriter;
import io.exmy.io.OutputBatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where and how the fit, predict and derive commands write their tables and plots. Every file goes
 * into one {@link OutputBatch}: nothing replaces an existing file until {@link #commit()}, so a
 * command that fails half-way (a plot that cannot be drawn, an unwritable --save) leaves every
 * earlier file as it was; {@link #close()} removes the temporaries and a plot directory it made.
 */
final class FitOutputOptions implements AutoCloseable, WritesFiles {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "Table format: md (Markdown, default), csv or json.")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the tables to FILE instead of standard output (with every other output, only "
                    + "once the command has succeeded).")
    Path out;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Write PNG plots into DIR (created if needed).")
    Path plots;

    private final OutputBatch batch = new OutputBatch();
    private Path createdDir;
    private boolean committed;

    @Override
    public void declare(CommandFiles files) {
        files.writes("--out", out).writesInto("--plots", plots, List.of());
    }

    /** Renders the tables: to --out (staged), or to standard output. */
    void print(List<Table> tables, PrintWriter stdout) throws IOException {
        String text = TableWriter.render(tables, TableWriter.Format.parse(format));
        if (out == null) {
            stdout.print(text);
            stdout.flush();
        } else {
            batch.stage(out);
            batch.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Where to draw the plot {@code name} until the commit, or null when no plots were asked for. */
    Path plot(String name) throws IOException {
        if (plots == null) {
            return null;
        }
        if (!Files.isDirectory(plots)) {
            Path top = plots.toAbsolutePath().normalize();
            while (top.getParent() != null && !Files.exists(top.getParent())) {
                top = top.getParent();
            }
            Files.createDirectories(plots);
            createdDir = createdDir == null ? top : createdDir;
        }
        return file(plots.resolve(name));
    }

    /** Stages another output of the command (such as --save) and returns where to write it until the commit. */
    Path file(Path target) throws IOException {
        batch.stage(target);
        return batch.temp(target);
    }

    /** Puts every staged output in place; call once the command has succeeded. */
    void commit() throws IOException {
        batch.commit();
        committed = true;
    }

    @Override
    public void close() throws IOException {
        batch.close();
        if (!committed && createdDir != null) {
            removeEmptyTree(createdDir);
        }
    }

    private static void removeEmptyTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p)) {
                    try (var entries = Files.list(p)) {
                        if (entries.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }
}
