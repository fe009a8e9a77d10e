package io.exmy.cli.bench;

import io.exmy.bench.BenchResult;
import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.TextTable;
import io.exmy.cli.common.WritesFiles;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where an {@code exmy bench} program's report goes: stdout, and with {@code --append} also the
 * end of a file such as docs/BENCHMARKS.md. The report's command line is the one that ran.
 */
final class BenchOutput implements WritesFiles {
    @Option(names = "--append", paramLabel = "FILE", description = "Also append the report to FILE (e.g. docs/BENCHMARKS.md).")
    Path append;

    @Override
    public void declare(CommandFiles files) {
        files.writes("--append", append);
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    void publish(String title, String device, TextTable table) {
        publish(BenchReport.markdown(title, device, command(), table));
    }

    void publish(String title, String device, List<BenchResult> results) {
        publish(BenchReport.markdown(title, device, command(), results));
    }

    private String command() {
        return "exmy " + String.join(" ", mixee.commandLine().getParseResult().originalArgs());
    }

    private void publish(String block) {
        System.out.print(block);
        if (append != null) {
            BenchReport.append(append, block);
        }
    }
}
