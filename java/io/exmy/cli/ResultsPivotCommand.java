package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.TableOutputOptions;
import io.exmy.cli.common.WritesFiles;
import io.exmy.compare.Pivot;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.DataRecipe;
import io.exmy.fit.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pivot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs side by side: a row per combination of --rows, a column per value of --cols, each cell "
                + "the value (the mean and n when several runs share a cell), with --diff-from its difference from "
                + "that column in the same row.",
            "For differences with standard errors and p values use `exmy results compare`."},
        footer = {"", "Example:", "  exmy results pivot runs/cpu-fp-law --sort metrics.N --rows model,metrics.N,tokens "
                + "--cols format --value val_loss --diff-from fp32"})
final class ResultsPivotCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "a results store, its results.jsonl, or a CSV of runs")
    Path data;

    @Option(names = "--rows", required = true, split = ",", paramLabel = "COLUMN", description = "the columns of a row, e.g. model,tokens")
    List<String> rows;

    @Option(names = "--cols", required = true, paramLabel = "COLUMN", description = "the column whose values become columns, e.g. format")
    String cols;

    @Option(names = "--value", paramLabel = "COLUMN", defaultValue = "val_loss",
            description = "the number in each cell (default: ${DEFAULT-VALUE}, i.e. metrics.val_loss)")
    String value;

    @Option(names = "--diff-from", paramLabel = "VALUE", description = "a value of --cols: every other cell also shows its difference from it")
    String diffFrom;

    @Option(names = "--col-order", split = ",", paramLabel = "VALUE", description = "the columns' values in order (default: as they first appear)")
    List<String> colOrder;

    @Option(names = "--sort", split = ",", paramLabel = "COLUMN",
            description = "sort the rows by these columns first (numbers numerically), e.g. metrics.N; default: the row columns")
    List<String> sort;

    @Range(min = 0, max = 12, what = "digits after the point")
    @Option(names = "--digits", paramLabel = "K", defaultValue = "4", description = "digits after the point (default: ${DEFAULT-VALUE})")
    int digits;

    @Range(min = 0, max = 12, what = "significant digits; 0: --digits after the point")
    @Option(names = "--significant", paramLabel = "K", defaultValue = "0",
            description = "K significant digits instead of --digits after the point, so that small values keep their size "
                    + "(4.1e-6 rather than 0.0000)")
    int significant;

    @Option(names = "--spread", description = "add ± the standard error of the mean where a cell holds several runs")
    boolean spread;

    @Option(names = "--where", paramLabel = "COLUMN=VALUE",
            description = "keep only these runs: COLUMN=VALUE, !=, or <, <=, >, >= for numbers (repeatable)")
    List<String> where = new ArrayList<>();

    @Mixin
    TableOutputOptions output;

    @Override
    public void declare(CommandFiles files) {
        files.reads("DATA", data);
    }

    @Override
    public Integer call() throws Exception {
        try (TableOutputOptions o = output) {
            DataRecipe filters = new DataRecipe();
            where.forEach(filters::where);
            Dataset d = filters.apply(DataReader.read(data), null);
            output.print(List.of(Pivot.of(d, new Pivot.Spec(rows, cols, value, sort, colOrder, diffFrom, digits, significant, spread))),
                    spec.commandLine().getOut());
            output.commit();
            return 0;
        }
    }
}
