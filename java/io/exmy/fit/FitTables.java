package io.exmy.fit;

import java.util.ArrayList;
import java.util.List;

/** The tables that describe a fit, shared by {@code exmy fit} and the experiment report. */
public final class FitTables {
    private FitTables() {
    }

    /** Fit summary, constants (with intervals and the published values) and validation errors. */
    public static List<Table> of(FitResult r) {
        Law law = r.law();
        List<Table> out = new ArrayList<>();
        Table fit = new Table("Fit", "item", "value");
        fit.add("law", law.id());
        fit.add("formula", law.formula());
        fit.add("method", r.method());
        fit.add("data", r.source());
        for (String note : r.notes()) {
            fit.add("data note", note);
        }
        fit.add("points", r.points());
        fit.add("converged", r.converged() ? "yes" : "no: " + r.convergenceNote());
        fit.add("objective", r.objective());
        fit.add("R^2 (log " + law.target() + ")", r.r2Log());
        fit.add("RMSE (log " + law.target() + ")", r.rmseLog());
        fit.add("grid / starts", r.gridSize() + " / " + r.starts());
        fit.add("seconds", Formats.number(r.seconds(), 3));
        out.add(fit);

        Bootstrap.Result b = r.bootstrap();
        String preset = law.presets().isEmpty() ? null : law.defaultPreset();
        String ci = b == null ? null : Formats.number(100 * b.level(), 3) + "%";
        List<String> headers = new ArrayList<>(List.of("constant", "estimate"));
        if (b != null) {
            headers.addAll(List.of(ci + " low", ci + " high", "bootstrap SE"));
        }
        if (preset != null) {
            headers.add("published (" + preset + ")");
        }
        Table constants = new Table("Constants", headers.toArray(new String[0]));
        List<String> names = law.parameterNames();
        double[] published = preset == null ? null : law.preset(preset);
        for (int i = 0; i < names.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(names.get(i), r.estimates()[i]));
            if (b != null) {
                row.addAll(List.of(b.lower()[i], b.upper()[i], b.stdError()[i]));
            }
            if (published != null) {
                row.add(published[i]);
            }
            constants.add(row.toArray());
        }
        out.add(constants);
        if (b != null || r.holdout() != null || r.loo() != null) {
            Table v = new Table("Uncertainty", "method", "train points", "test points", "RMSE (log)", "mean abs error %", "failed fits");
            if (b != null) {
                v.add("bootstrap (" + b.replicates() + " replicates, seed " + b.seed() + ")", r.points(), "", "", "", b.failed());
            }
            for (Validation x : new Validation[] {r.holdout(), r.loo()}) {
                if (x != null) {
                    v.add(x.kind(), x.trainPoints(), x.testPoints(), x.rmseLog(), x.meanAbsPctError(), x.failedFits());
                }
            }
            out.add(v);
        }
        return out;
    }
}
