package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import io.exmy.fit.expr.Expression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A law written by the user as an expression, e.g. {@code E + A/N^alpha + B/D^beta}. Names that
 * are data columns are inputs; every other name is a constant to fit. Constants declared
 * positive are fitted in log space like the published laws' scale factors.
 */
public final class ExpressionLaw implements Law {
    public static final String ID = "expr";
    /** Upper limit on the grid of initialisations, so a careless grid cannot run for hours. */
    static final long MAX_GRID = 200_000;

    private static final double[] DEFAULT_POSITIVE_GRID = {0.1, 1, 10, 100, 1000};
    private static final double[] DEFAULT_LINEAR_GRID = {0, 0.5, 1};

    private final Expression expression;
    private final String target;
    private final List<LawColumn> columns;
    private final List<Parameter> parameters;
    private final Expression.Compiled compiled;
    private final Map<String, double[]> naturalGrids;

    /**
     * @param columns    names in the expression that are data columns, in feature order
     * @param parameters names in the expression that are constants, in parameter order
     * @param positive   constants constrained positive (fitted as logs)
     * @param grids      initial values (natural scale) per constant; defaults where absent
     */
    public ExpressionLaw(String expression, String target, List<String> columns, List<String> parameters,
                         Collection<String> positive, Map<String, double[]> grids) {
        this.expression = Expression.parse(expression);
        this.target = target;
        Set<String> names = this.expression.names();
        for (String n : names) {
            if (!columns.contains(n) && !parameters.contains(n)) {
                throw new FitException("expression '" + expression + "': name '" + n + "' is neither a column nor a parameter");
            }
        }
        for (String p : positive) {
            if (!parameters.contains(p)) {
                throw new FitException("--positive " + p + ": the expression has no parameter of that name; its parameters are " + parameters);
            }
        }
        for (String g : grids.keySet()) {
            if (!parameters.contains(g)) {
                throw new FitException("grid for '" + g + "': the expression has no parameter of that name; its parameters are " + parameters);
            }
        }
        if (parameters.isEmpty()) {
            throw new FitException("expression '" + expression + "' has no parameters to fit: every name is a data column");
        }
        this.columns = columns.stream().map(c -> new LawColumn(c, Domain.ANY, "input column")).toList();
        this.naturalGrids = new LinkedHashMap<>();
        List<Parameter> ps = new ArrayList<>();
        long gridSize = 1;
        for (String p : parameters) {
            boolean pos = positive.contains(p);
            double[] g = grids.getOrDefault(p, pos ? DEFAULT_POSITIVE_GRID : DEFAULT_LINEAR_GRID).clone();
            naturalGrids.put(p, g);
            double[] fitGrid = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                if (pos && !(g[i] > 0)) {
                    throw new FitException("grid for positive parameter " + p + " has a non-positive value " + g[i]);
                }
                fitGrid[i] = pos ? Math.log(g[i]) : g[i];
            }
            gridSize *= g.length;
            ps.add(pos ? Parameter.logScale(p, "user parameter", -60, 60, fitGrid)
                    : Parameter.linear(p, "user parameter", -1e4, 1e4, fitGrid));
        }
        if (gridSize > MAX_GRID) {
            throw new FitException("the grid of initial values has " + gridSize + " points (limit " + MAX_GRID
                    + "); give fewer values per parameter with --param NAME=v1,v2");
        }
        this.parameters = List.copyOf(ps);
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            slots.put(columns.get(i), i);
        }
        for (int i = 0; i < parameters.size(); i++) {
            slots.put(parameters.get(i), columns.size() + i);
        }
        this.compiled = this.expression.compile(slots);
    }

    /** Classifies the expression's names against the data set's columns: known columns are inputs, the rest constants. */
    public static ExpressionLaw forColumns(String expression, String target, Collection<String> available,
                                           Collection<String> positive, Map<String, double[]> grids) {
        Set<String> names = Expression.parse(expression).names();
        List<String> cols = new ArrayList<>(), params = new ArrayList<>();
        for (String n : names) {
            (available.contains(n) ? cols : params).add(n);
        }
        return new ExpressionLaw(expression, target, cols, params, new LinkedHashSet<>(positive), grids);
    }

    public String expression() {
        return expression.text();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String formula() {
        return target + " = " + expression.text();
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public List<LawColumn> columns() {
        return columns;
    }

    @Override
    public double[] features(double[] c) {
        return c.clone();
    }

    @Override
    public RowModel bind(double[] theta) {
        int nc = columns.size();
        double[] values = new double[nc + theta.length];
        for (int i = 0; i < theta.length; i++) {
            values[nc + i] = parameters.get(i).toNatural(theta[i]);
        }
        return f -> {
            System.arraycopy(f, 0, values, 0, nc);
            return Math.log(compiled.eval(values));
        };
    }

    @Override
    public Map<String, double[]> presets() {
        return Map.of();
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("expression", expression.text());
        o.put("target", target);
        o.put("columns", columnNames());
        o.put("parameters", parameterNames());
        o.put("positive", parameters.stream().filter(Parameter::positive).map(Parameter::name).toList());
        o.put("grids", naturalGrids);
        return o;
    }
}
