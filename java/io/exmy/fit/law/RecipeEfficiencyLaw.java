package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import io.exmy.fit.data.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training recipes priced as efficiencies on Chinchilla's N and D: a run of recipe r has
 * L = E + A/(eff_N[r] N)^α + B/(eff_D[r] D)^β. eff_N = 0.8 means the recipe's model of N parameters
 * learns like a reference model of 0.8 N; eff_D likewise for tokens. One law over the categorical
 * column {@code recipe}, with two constants per recipe, so one fit gives every recipe's
 * efficiencies with bootstrap intervals, and a saved fit predicts per recipe.
 *
 * <p>Efficiencies are relative: scaling every eff_N by c is the same as scaling A by c^−α. So a
 * fit must hold a reference, and says which: either the Chinchilla constants from a fit to the
 * reference recipe alone ({@code exmy fit --fix-from baseline.json}; the reference's own
 * efficiencies are then fitted too and should come out near 1, a check), or the reference's
 * efficiencies at 1 ({@code --fix eff_N.baseline=1,eff_D.baseline=1}) with the Chinchilla
 * constants fitted jointly. Holding neither leaves a direction the data cannot fix, which a
 * bootstrap reports as "not identified by these data". No recipe is made the reference by its
 * place in the file.
 *
 * <p>The efficiencies start at 1 (a single grid value each): the grid is a product, and two values
 * per recipe would make it 4^recipes; in log space each recipe's pair enters only its own rows,
 * so the local optimizer moves every pair from 1 at once.
 */
public final class RecipeEfficiencyLaw extends DeclaredLaw {
    public static final String ID = "recipe-efficiency";
    public static final String COLUMN = "recipe";
    static final String OPTION = "levels";
    private static final int HEAD = ChinchillaLaw.PARAMETERS.size();

    private final List<String> levels;

    /** @param levels the recipes, in the order their constants are listed */
    public RecipeEfficiencyLaw(List<String> levels) {
        super(ID, "L = E + A/(eff_N[recipe] N)^alpha + B/(eff_D[recipe] D)^beta", "loss", parameters(levels),
                List.of(new LawColumn("N", Domain.POSITIVE, "parameters"),
                        new LawColumn("D", Domain.POSITIVE, "training tokens"),
                        LawColumn.categorical(COLUMN, "training recipe", levels)));
        this.levels = List.copyOf(levels);
    }

    /** Chinchilla's constants, then eff_N and eff_D of each recipe. */
    private static List<Parameter> parameters(List<String> levels) {
        List<Parameter> p = new ArrayList<>(ChinchillaLaw.PARAMETERS);
        for (String r : levels) {
            p.add(Parameter.logScale("eff_N." + r, "recipe " + r + ": parameters count as eff_N N", Math.log(1e-3),
                    Math.log(1e3), 0));
            p.add(Parameter.logScale("eff_D." + r, "recipe " + r + ": tokens count as eff_D D", Math.log(1e-3),
                    Math.log(1e3), 0));
        }
        return p;
    }

    /** The law with one pair of efficiencies for every recipe in the data, in order of first appearance. */
    @Override
    public Law forData(Dataset data) {
        Set<String> found = new LinkedHashSet<>();
        LawColumn probe = LawColumn.categorical(COLUMN, "training recipe", List.of());
        if (!data.has(COLUMN)) {
            probe.values(data); // the data set's message: which columns exist, how to map one
        }
        for (String s : data.isNumeric(COLUMN) ? numbers(data.numeric(COLUMN)) : data.categorical(COLUMN)) {
            if (s != null) {
                found.add(s);
            }
        }
        if (found.isEmpty()) {
            throw new FitException("law " + ID + ": column '" + COLUMN + "' holds no recipe names");
        }
        return new RecipeEfficiencyLaw(new ArrayList<>(found));
    }

    private static String[] numbers(double[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = Double.isNaN(v[i]) ? null : Formats.number(v[i]);
        }
        return s;
    }

    public List<String> levels() {
        return levels;
    }


    @Override
    public double[] features(double[] c) {
        return new double[] {Math.log(c[0]), Math.log(c[1]), c[2]};
    }

    @Override
    public RowModel bind(double[] t) {
        double e = t[0], a = t[1], b = t[2], alpha = t[3], beta = t[4];
        int count = levels.size();
        return f -> {
            if (!(f[2] >= 0 && f[2] < count)) {
                return Double.NaN; // missing, or not one of the law's recipes: no prediction
            }
            int r = HEAD + 2 * (int) f[2];
            return LogSumExp.of(a - alpha * (f[0] + t[r]), b - beta * (f[1] + t[r + 1]), e);
        };
    }

    /** The efficiencies belong to the data at hand; nothing is published. */
    @Override
    public Map<String, double[]> presets() {
        return Map.of();
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(OPTION, levels);
        return o;
    }
}
