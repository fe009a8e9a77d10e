package io.exmy.experiment;

import io.exmy.fit.data.Dataset;
import io.exmy.fit.solve.FitOptions;
import io.exmy.fit.solve.FitProblem;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.HuberFitter;
import io.exmy.fit.law.Law;
import io.exmy.fit.solve.LawFitter;
import io.exmy.fit.law.Laws;
import java.util.List;
import java.util.Map;

/**
 * One law fitted to the experiment's records: the rows it keeps ({@code where}/{@code where_not}),
 * the columns it renames to the law's inputs, and Hoffmann et al.'s Huber fit with bootstrap
 * intervals.
 */
public record LawFit(ExperimentConfig.FitSpec spec, Law law, FitProblem problem, FitResult result) {

    public static LawFit run(ExperimentConfig.FitSpec spec, Dataset all, long seed, String source) {
        Dataset data = all;
        for (Map.Entry<String, String> e : spec.columns().entrySet()) {
            if (!data.has(e.getValue())) {
                throw new IllegalArgumentException("fit of " + spec.law() + ": column '" + e.getValue() + "' (for "
                        + e.getKey() + ") is not in the results; they have " + data.columnNames());
            }
            data = data.alias(e.getKey(), e.getValue());
        }
        data = select(data, spec.where(), true);
        data = select(data, spec.whereNot(), false);
        Law law = Laws.forFit(Laws.builtIn(spec.law()).forData(data), List.of(), spec.fix());
        FitProblem problem = FitProblem.of(law, data, true);
        FitResult result = LawFitter.fit(problem, new HuberFitter(), new FitOptions(spec.bootstrap(), 0.95, 0, false, seed),
                source);
        return new LawFit(spec, law, problem, result);
    }

    /** Keeps the rows whose columns equal (keep) or differ from (drop) the given values. */
    static Dataset select(Dataset data, Map<String, String> conditions, boolean keepMatches) {
        if (conditions.isEmpty()) {
            return data;
        }
        boolean[] keep = new boolean[data.size()];
        for (int i = 0; i < keep.length; i++) {
            boolean all = true;
            for (Map.Entry<String, String> c : conditions.entrySet()) {
                all &= matches(data, c.getKey(), c.getValue(), i);
            }
            keep[i] = keepMatches == all;
        }
        return data.filter(keep, (keepMatches ? "kept rows with " : "dropped rows with ") + conditions);
    }

    private static boolean matches(Dataset data, String column, String value, int row) {
        if (!data.has(column)) {
            return false;
        }
        if (data.isNumeric(column)) {
            try {
                return data.numeric(column)[row] == Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return value.equals(data.categorical(column)[row]);
    }
}
