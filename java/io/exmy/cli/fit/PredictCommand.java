package io.exmy.cli.fit;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.fit.data.Dataset;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.law.Law;
import io.exmy.fit.Plots;
import io.exmy.fit.Table;
import io.exmy.fit.TableWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code exmy predict}: evaluates a fitted or published law at given inputs or at the rows of a data file. */
@Command(name = "predict",
        description = {"Predict losses with a fitted or published scaling law.",
                "Constants from --fit FIT.json or --law L --published; inputs from every",
                "combination of --set values, or from each row of a data file."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class PredictCommand implements Callable<Integer>, WritesFiles {
    /** Guard against a typo producing a table of millions of rows. */
    static final int MAX_ROWS = 1_000_000;

    @Spec
    CommandSpec spec;

    @Mixin
    FitLawSource source;

    @Option(names = "--set", paramLabel = "NAME=V1,V2,...",
            description = "Values of an input, e.g. --set N=1e8,1e9 --set D=2e10 --set B=channel; "
                    + "every combination is predicted. Repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA",
            description = "Predict at each row of this CSV/.jsonl file instead (observed values are shown when present).")
    Path dataFile;

    @Mixin
    FitDataOptions data;

    @Mixin
    FitOutputOptions output;

    @Override
    public void declare(CommandFiles files) {
        files.reads("DATA", dataFile);
    }

    @Override
    public Integer call() throws Exception {
        try (FitOutputOptions o = output) {
            FitLawSource.Resolved r = source.resolve();
            Law law = r.law();
            Table t = dataFile != null ? fromData(law, r.constants()) : fromGrid(law, r.constants());
            // The constants used follow the predictions, except in CSV, which stays one table for spreadsheets.
            boolean csv = TableWriter.Format.parse(output.format()) == TableWriter.Format.CSV;
            output.print(csv ? List.of(t) : List.of(t, r.table()), spec.commandLine().getOut());
            output.commit();
            return 0;
        }
    }

    private Table fromGrid(Law law, double[] c) {
        List<String> cols = law.columnNames();
        List<String> missing = new ArrayList<>(cols);
        missing.removeAll(set.keySet());
        if (!missing.isEmpty()) {
            throw new UserError("law " + law.id() + " needs values for " + missing + ": give --set NAME=VALUE[,VALUE...] for each"
                    + " (or a DATA file)");
        }
        for (String k : set.keySet()) {
            if (!cols.contains(k)) {
                throw new UserError("--set " + k + ": law " + law.id() + " reads " + cols);
            }
        }
        double[][] values = new double[cols.size()][];
        long rows = 1;
        for (int i = 0; i < cols.size(); i++) {
            values[i] = inputs(law.columns().get(i), set.get(cols.get(i)));
            rows *= values[i].length;
        }
        if (rows > MAX_ROWS) {
            throw new UserError("--set asks for " + rows + " combinations; at most " + MAX_ROWS);
        }
        List<String> headers = new ArrayList<>(cols);
        headers.add(law.target());
        Table t = new Table("Predictions (" + law.id() + ")", headers.toArray(new String[0]));
        int[] idx = new int[cols.size()];
        for (long k = 0; k < rows; k++) {
            double[] row = new double[cols.size()];
            for (int i = 0; i < cols.size(); i++) {
                row[i] = values[i][idx[i]];
            }
            List<Object> cells = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                cells.add(cell(law.columns().get(i), row[i]));
            }
            cells.add(finite(law, cols, row, c));
            t.add(cells.toArray());
            for (int i = cols.size() - 1; i >= 0; i--) { // odometer over the combinations, last input fastest
                if (++idx[i] < values[i].length) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return t;
    }

    /** Values of one input as typed after --set: numbers, or the names of a categorical input's levels (a recipe). */
    private static double[] inputs(io.exmy.fit.law.LawColumn col, String list) {
        if (!col.categorical()) {
            return FitCliSupport.values(col.name(), list);
        }
        List<String> names = FitCliSupport.split(list);
        if (names.isEmpty()) {
            throw new UserError("no values given for " + col.name());
        }
        return names.stream().mapToDouble(col::parse).toArray();
    }

    /** A level's name for a categorical input, the number otherwise. */
    private static Object cell(io.exmy.fit.law.LawColumn col, double v) {
        return col.categorical() ? col.display(v) : (Object) v;
    }

    /** A prediction, or one line naming the inputs at which the law has none (N = 0, say). */
    private static double finite(Law law, List<String> cols, double[] row, double[] constants) {
        double p = law.predict(constants, row);
        if (!Double.isFinite(p)) {
            StringBuilder at = new StringBuilder();
            for (int i = 0; i < cols.size(); i++) {
                at.append(i == 0 ? "" : ", ").append(cols.get(i)).append('=').append(io.exmy.fit.base.Formats.number(row[i], 6));
            }
            throw new UserError("law " + law.id() + " has no finite prediction at " + at
                    + ": give inputs inside its domain (model and data sizes above 0)");
        }
        return p;
    }

    private Table fromData(Law law, double[] c) throws Exception {
        if (!set.isEmpty()) {
            throw new UserError("give either a DATA file or --set values, not both");
        }
        Dataset d = data.load(dataFile, law.target());
        boolean observed = d.has(law.target());
        List<String> cols = law.columnNames();
        List<String> headers = new ArrayList<>(cols);
        headers.add("predicted " + law.target());
        if (observed) {
            headers.add("observed " + law.target());
            headers.add("predicted/observed");
        }
        Table t = new Table("Predictions (" + law.id() + ") for " + dataFile, headers.toArray(new String[0]));
        double[][] in = new double[cols.size()][];
        for (int i = 0; i < cols.size(); i++) {
            in[i] = law.columns().get(i).values(d);
        }
        double[] obs = observed ? d.numeric(law.target()) : null;
        for (int r = 0; r < d.size(); r++) {
            double[] row = new double[cols.size()];
            List<Object> cells = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                row[i] = in[i][r];
                cells.add(cell(law.columns().get(i), row[i]));
            }
            double p = finite(law, cols, row, c);
            cells.add(p);
            if (observed) {
                cells.add(obs[r]);
                cells.add(p / obs[r]);
            }
            t.add(cells.toArray());
        }
        Path plot = output.plot("observed_vs_predicted.png");
        if (plot != null && observed) {
            Plots.observedVsPredicted(FitProblem.forEvaluation(law, d), c, plot);
        }
        return t;
    }
}
