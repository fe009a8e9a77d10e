package io.exmy.cli.fit;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.TableOutputOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The fit, predict and derive commands' outputs: their tables ({@link TableOutputOptions}) and PNG
 * plots, all in one batch; a plot directory made for a command that then fails is removed again.
 */
final class FitOutputOptions extends TableOutputOptions {
    @Option(names = "--plots", paramLabel = "DIR",
            description = "Write PNG plots into DIR (created if needed).")
    Path plots;

    private Path createdDir;

    @Override
    public void declare(CommandFiles files) {
        super.declare(files);
        files.writesInto("--plots", plots, List.of());
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

    @Override
    public void close() throws IOException {
        super.close();
        if (!committed() && createdDir != null) {
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
