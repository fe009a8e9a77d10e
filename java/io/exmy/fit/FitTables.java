package io.exmy.fit;

import io.exmy.fit.base.Formats;
import io.exmy.fit.law.ConstrainedLaw;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import io.exmy.fit.law.Parameter;
import io.exmy.fit.law.PinnedLaw;
import io.exmy.fit.law.TiedLaw;
import io.exmy.fit.solve.Bootstrap;
import io.exmy.fit.solve.FitResult;
import io.exmy.fit.solve.Identification;
import io.exmy.fit.solve.Validation;
import java.util.ArrayList;
import java.util.List;

/** The tables that describe a fit, shared by {@code exmy fit} and the experiment report. */
public final class FitTables {
    private FitTables() {
    }

    /**
     * Fit summary, constants (with intervals, whether the data identify them, and the published
     * values), the bootstrap's refits, and out-of-sample errors. Every table's rows fill every
     * column: a blank cell in the middle of a row reads as a shifted column in plain-text views.
     */
    public static List<Table> of(FitResult r) {
        Law law = r.law();
        Bootstrap.Result b = r.bootstrap();
        Identification id = Identification.of(law, b);
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
        fit.add("identification", id.summary());
        fit.add("objective", r.objective());
        fit.add("R^2 (log " + law.target() + ")", r.r2Log());
        fit.add("RMSE (log " + law.target() + ")", r.rmseLog());
        fit.add("grid / starts", r.gridSize() + " / " + r.starts());
        fit.add("seconds", Formats.number(r.seconds(), 3));
        out.add(fit);

        String preset = law.presets().isEmpty() ? null : law.defaultPreset();
        String ci = b == null ? null : Formats.number(100 * b.level(), 3) + "%";
        List<String> headers = new ArrayList<>(List.of("constant", "estimate"));
        if (b != null) {
            headers.addAll(List.of(ci + " low", ci + " high", "bootstrap SE", "identified by these data"));
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
                row.addAll(List.of(b.lower()[i], b.upper()[i], b.stdError()[i], id.verdicts().get(i)));
            }
            if (published != null) {
                row.add(published[i]);
            }
            constants.add(row.toArray());
        }
        out.add(constants);
        if (b != null) {
            out.add(bootstrap(b));
        }
        if (r.holdout() != null || r.loo() != null) {
            Table v = new Table("Out-of-sample error", "method", "train points", "test points", "RMSE (log)",
                    "mean abs error %", "failed fits");
            for (Validation x : new Validation[] {r.holdout(), r.loo()}) {
                if (x != null) {
                    v.add(x.kind(), x.trainPoints(), x.testPoints(), x.rmseLog(), x.meanAbsPctError(), x.failedFits());
                }
            }
            out.add(v);
        }
        return out;
    }

    /**
     * The constants a prediction or derivation uses, the whole law's: those a fit held or tied, and
     * those the published fit tied, say so (so `exmy predict --law kumar --published` shows β = α).
     */
    public static Table constants(Law law, double[] constants, String from) {
        java.util.Map<String, String> notes = new java.util.LinkedHashMap<>();
        for (Law l = law; l instanceof ConstrainedLaw c; l = c.base()) {
            if (l instanceof TiedLaw t) {
                t.tied().forEach((k, v) -> notes.put(k, "tied to " + v + " in the fit"));
            } else if (l instanceof PinnedLaw p) {
                p.pinned().keySet().forEach(k -> notes.putIfAbsent(k, "held fixed in the fit"));
            }
        }
        Law base = Laws.base(law);
        double[] full = Laws.fullConstants(law, constants);
        List<String> names = base.parameterNames();
        base.ties().forEach((k, v) -> { // said only where the constants in use keep the tie (not after --untie)
            if (full[names.indexOf(k)] == full[names.indexOf(v)]) {
                notes.putIfAbsent(k, "= " + v + " (tied in the published fit)");
            }
        });
        Table t = new Table("Constants (" + base.id() + ", " + from + ")", "constant", "value", "meaning", "note");
        List<Parameter> ps = base.parameters();
        for (int i = 0; i < ps.size(); i++) {
            String name = ps.get(i).name();
            t.add(name, Double.isNaN(full[i]) ? "not given" : (Object) full[i], ps.get(i).meaning(),
                    notes.getOrDefault(name, "-"));
        }
        return t;
    }

    /**
     * The refits behind the intervals: how many converged and how many failed. The intervals are
     * over the converged ones only, so the failures are shown beside them, never dropped unseen.
     */
    static Table bootstrap(Bootstrap.Result b) {
        Table t = new Table("Bootstrap", "replicates", "seed", "resampled", "converged refits", "failed refits",
                "failed %", "intervals over");
        t.add(b.replicates(), b.seed(), b.resampled(), b.converged(), b.failed(), 100 * b.failedFraction(),
                b.converged() < 2 ? "none (fewer than 2 refits converged)" : "the " + b.converged() + " converged refits");
        return t;
    }
}
