package io.exmy.fit.law;

import java.util.List;

/**
 * What a law declares once, when it is made: its id, formula, target, constants and columns.
 * A law class then says only what is its own: its features, its bound model and its presets.
 */
public abstract class DeclaredLaw implements Law {
    private final String id;
    private final String formula;
    private final String target;
    private final List<Parameter> parameters;
    private final List<LawColumn> columns;

    protected DeclaredLaw(String id, String formula, String target, List<Parameter> parameters, List<LawColumn> columns) {
        this.id = id;
        this.formula = formula;
        this.target = target;
        this.parameters = List.copyOf(parameters);
        this.columns = List.copyOf(columns);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String formula() {
        return formula;
    }

    @Override
    public final String target() {
        return target;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final List<LawColumn> columns() {
        return columns;
    }
}
