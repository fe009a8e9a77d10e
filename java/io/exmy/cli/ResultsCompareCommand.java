package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.Range;
import io.exmy.cli.common.TableOutputOptions;
import io.exmy.cli.common.WritesFiles;
import io.exmy.compare.PairedComparison;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.DataRecipe;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Paired comparisons: in every cell (runs that differ only in --by and --pair-on), each value of "
                + "--by against the baseline, run for run, matched on --pair-on (the seed).",
            "For each: n pairs, the means, the mean paired difference, its standard error from the paired differences, "
                    + "the paired t statistic with its two-sided p value, and the sign test. One pair says \"one seed\" "
                    + "instead of an error estimate."},
        footer = {"", "Example:", "  exmy results compare runs/cpu-fp-order --by format --baseline fp32 --pair-on seed"})
final class ResultsCompareCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "a results store, its results.jsonl, or a CSV of runs")
    Path data;

    @Option(names = "--by", required = true, paramLabel = "COLUMN", description = "what is compared, e.g. format")
    String by;

    @Option(names = "--baseline", required = true, paramLabel = "VALUE", description = "the value of --by to compare with, e.g. fp32")
    String baseline;

    @Option(names = "--pair-on", paramLabel = "COLUMN", defaultValue = "seed",
            description = "the column that matches a run with its baseline run (default: ${DEFAULT-VALUE})")
    String pairOn;

    @Option(names = "--metric", paramLabel = "COLUMN", defaultValue = "val_loss",
            description = "the number compared (default: ${DEFAULT-VALUE}, i.e. metrics.val_loss)")
    String metric;

    @Option(names = "--cell", split = ",", paramLabel = "COLUMN",
            description = "the columns that define a cell (default: every config.* column that takes more than one value)")
    List<String> cells;

    @Range(min = 0, max = 17, what = "significant digits; 0: as computed")
    @Option(names = "--significant", paramLabel = "K", defaultValue = "0",
            description = "round every number to K significant digits (default: as computed), e.g. for a table quoted in docs")
    int significant;

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
            PairedComparison.Result r = PairedComparison.compare(d,
                    new PairedComparison.Spec(by, baseline, pairOn, metric, cells));
            List<Table> tables = List.of(r.table(significant));
            output.print(tables, spec.commandLine().getOut());
            r.notes().forEach(n -> spec.commandLine().getErr().println("exmy results compare: " + n));
            output.commit();
            return 0;
        }
    }
}
