package io.exmy.cli.fit;

import io.exmy.cli.common.Range;
import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.DataRecipe;
import io.exmy.fit.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options that turn a CSV or results.jsonl file into the columns a law reads. */
final class FitDataOptions {
    @Option(names = "--col", paramLabel = "NAME=COLUMN",
            description = "Use data column COLUMN as the law's column NAME, e.g. --col N=\"Model Size\". Repeatable.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--derive", paramLabel = "NAME=EXPR",
            description = "Add a column computed from others, e.g. --derive 'D=\"Training FLOP\"/(6*N)'. "
                    + "Applied in order, after --col. Repeatable.")
    List<String> derived = new ArrayList<>();

    @Option(names = "--fill", paramLabel = "NAME=VALUE",
            description = "Use VALUE where column NAME is missing (null or NaN), e.g. --fill P_w=32 for the unquantized "
                    + "runs of a precision sweep. Applied after --col. Repeatable.")
    Map<String, Double> fills = new LinkedHashMap<>();

    @Option(names = "--where", paramLabel = "COLUMN=VALUE",
            description = "Keep only the rows where COLUMN equals VALUE, e.g. --where metrics.method=gptq; also !=, and "
                    + "<, <=, >, >= for numbers (--where 'metrics.D>=1600000'). Repeatable: every condition holds.")
    List<String> where = new ArrayList<>();

    @Range(min = 0, what = "points")
    @Option(names = "--drop-top", paramLabel = "K",
            description = "Drop the K points with the highest target value (outliers).")
    Integer dropTop;

    @Option(names = "--drop-nonpositive",
            description = "Drop points with values the law cannot take (e.g. delta_loss <= 0) instead of failing.")
    boolean dropNonPositive;

    @Option(names = "--data-preset", paramLabel = "NAME",
            description = "Column mapping and filtering of a known data set: chinchilla-epoch "
                    + "(N = Model Size, D = Training FLOP / (6 N), drop the 5 highest losses); exmy-kumar (a results "
                    + "store of train runs for --law kumar: N, D, P_w, P_a, P_kv and val_loss from the metrics, "
                    + "32 bits where a precision is null); "
                    + "exmy-ptq (a store's ptq records: N, D, bits, P_post, delta_loss from metrics.*, delta_loss <= 0 dropped); "
                    + "quartet2 (the Quartet II runs JSON: recipe = the group a run is listed under, loss = final_loss, "
                    + "N, D and the recipe's settings as they are).")
    String preset;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "Data column holding the quantity the law predicts (default: the law's, loss or delta_loss).")
    String target;

    DataRecipe recipe() {
        DataRecipe r = preset == null ? new DataRecipe() : DataRecipe.preset(preset);
        DataRecipe user = new DataRecipe();
        columns.forEach(user::alias);
        fills.forEach(user::fill);
        derived.forEach(user::derive);
        where.forEach(user::where);
        if (dropTop != null) {
            user.dropTop(dropTop);
        }
        user.dropNonPositive(dropNonPositive);
        return r.overrideWith(user);
    }

    /**
     * Reads and prepares the data; when --target names another column, it is exposed under the
     * law's target name so the law's definition need not change.
     */
    Dataset load(Path file, String lawTarget) {
        Dataset d = DataReader.read(file);
        if (target != null && !target.equals(lawTarget)) {
            d = d.alias(lawTarget, target);
        }
        return recipe().apply(d, lawTarget);
    }

    boolean dropsNonPositive() {
        return recipe().dropsNonPositive(); // --drop-nonpositive, or a preset that drops them
    }
}
