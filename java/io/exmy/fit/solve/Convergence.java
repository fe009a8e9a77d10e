package io.exmy.fit.solve;

import io.exmy.fit.base.Formats;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether fitted constants are usable: finite, and inside the law's bounds rather than on or
 * beyond them. A constant that ran to a bound (e.g. an exponent to 0, or a log-scale factor to
 * e^-20) means the data do not determine it; reporting it as a result would mislead.
 */
public final class Convergence {
    private Convergence() {
    }

    public static List<String> problems(Law law, double[] theta) {
        List<String> out = new ArrayList<>();
        if (theta == null) {
            out.add("no finite objective value was found");
            return out;
        }
        List<Parameter> ps = law.parameters();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            double t = theta[i];
            double tol = 1e-6 * (p.fitUpper() - p.fitLower());
            if (!Double.isFinite(t)) {
                out.add(p.name() + " is not finite");
            } else if (t <= p.fitLower() + tol || t >= p.fitUpper() - tol) {
                boolean low = t <= p.fitLower() + tol;
                double bound = p.toNatural(low ? p.fitLower() : p.fitUpper());
                out.add(p.name() + " = " + Formats.number(p.toNatural(t)) + " ran to its " + (low ? "lower" : "upper")
                        + " bound " + Formats.number(bound));
            }
        }
        return out;
    }
}
