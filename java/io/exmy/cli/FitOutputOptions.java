package io.exmy.cli;

import io.exmy.io.AtomicFiles;
import io.exmy.fit.Table;
import io.exmy.fit.TableWriter;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where and how the fit, predict and derive commands write their tables and plots. */
final class FitOutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "Table format: md (Markdown, default), csv or json.")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the tables to FILE (atomically) instead of standard output.")
    Path out;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Write PNG plots into DIR (created if needed).")
    Path plots;

    void print(List<Table> tables, PrintWriter stdout) throws IOException {
        String text = TableWriter.render(tables, TableWriter.Format.parse(format));
        if (out == null) {
            stdout.print(text);
            stdout.flush();
        } else {
            AtomicFiles.writeString(out, text);
        }
    }

    /** The path of a plot in the plot directory, or null when no plots were asked for. */
    Path plot(String name) throws IOException {
        if (plots == null) {
            return null;
        }
        Files.createDirectories(plots);
        return plots.resolve(name);
    }
}
