package io.exmy.cli.common;

import io.exmy.fit.Table;
import io.exmy.fit.TableWriter;
import io.exmy.io.OutputBatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where and how a command that prints tables writes them (Markdown, CSV or JSON; standard output or
 * --out). Every file goes into one {@link OutputBatch}: nothing replaces an existing file until
 * {@link #commit()}, so a command that fails half-way leaves every earlier file as it was;
 * {@link #close()} removes the temporaries.
 */
public class TableOutputOptions implements AutoCloseable, WritesFiles {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "Table format: md (Markdown, default), csv or json.")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the tables to FILE instead of standard output (with every other output, only "
                    + "once the command has succeeded).")
    Path out;

    private final OutputBatch batch = new OutputBatch();
    private boolean committed;

    /** md, csv or json. */
    public String format() {
        return format;
    }

    /** The --out file, or null for standard output. */
    public Path out() {
        return out;
    }

    @Override
    public void declare(CommandFiles files) {
        files.writes("--out", out);
    }

    /** Renders the tables: to --out (staged), or to standard output. */
    public void print(List<Table> tables, PrintWriter stdout) throws IOException {
        String text = render(tables);
        if (out == null) {
            stdout.print(text);
            stdout.flush();
        } else {
            batch.stage(out);
            batch.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    public String render(List<Table> tables) {
        return TableWriter.render(tables, TableWriter.Format.parse(format));
    }

    /** Stages another output of the command (such as --save) and returns where to write it until the commit. */
    public Path file(Path target) throws IOException {
        batch.stage(target);
        return batch.temp(target);
    }

    /** Puts every staged output in place; call once the command has succeeded. */
    public void commit() throws IOException {
        batch.commit();
        committed = true;
    }

    public boolean committed() {
        return committed;
    }

    @Override
    public void close() throws IOException {
        batch.close();
    }
}
