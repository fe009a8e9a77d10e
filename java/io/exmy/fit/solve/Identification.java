package io.exmy.fit.solve;

import io.exmy.fit.base.Formats;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the data pin down a fit's constants, judged from its bootstrap. A fit can converge and
 * still say little: when the data do not separate two terms (D varied over a narrow range leaves
 * B, β and E trading off against each other), the optimizer stops somewhere along a valley and
 * resamples land elsewhere along it. Two signs are checked:
 * <ul>
 *   <li>a positive (log-scale) constant whose interval spans more than a factor
 *       {@link #MAX_SPAN}: two orders of magnitude is no longer a measurement of a scale factor;</li>
 *   <li>more than {@link #MAX_FAILED_FRACTION} of the refits failing: resamples of the same data
 *       that cannot be fitted mean the fit itself hangs on a few points.</li>
 * </ul>
 * Exponents (linear constants) have no scale, so the factor rule does not apply to them; their
 * intervals are printed and speak for themselves. Without a bootstrap nothing is checked, and
 * the verdict says so rather than passing the fit.
 */
public final class Identification {
    /** Largest upper/lower ratio of a positive constant's interval that still counts as identified. */
    public static final double MAX_SPAN = 100;
    /** Largest fraction of failed bootstrap refits that still counts as identified. */
    public static final double MAX_FAILED_FRACTION = 0.10;
    /** The words every report uses, so users (and tests) can search for them. */
    public static final String NOT_IDENTIFIED = "not identified by these data";

    private final boolean checked;
    private final List<String> verdicts;
    private final List<String> problems;

    private Identification(boolean checked, List<String> verdicts, List<String> problems) {
        this.checked = checked;
        this.verdicts = List.copyOf(verdicts);
        this.problems = List.copyOf(problems);
    }

    /** @param bootstrap null when no bootstrap was run: then nothing is judged */
    public static Identification of(Law law, Bootstrap.Result bootstrap) {
        List<Parameter> ps = law.parameters();
        List<String> verdicts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (bootstrap == null) {
            ps.forEach(p -> verdicts.add("not checked"));
            return new Identification(false, verdicts, problems);
        }
        double failed = bootstrap.failedFraction();
        boolean tooManyFailed = failed > MAX_FAILED_FRACTION;
        String failedText = Formats.number(100 * failed, 3) + "% of bootstrap refits failed";
        if (tooManyFailed) {
            problems.add(bootstrap.failed() + " of " + bootstrap.replicates() + " bootstrap refits failed ("
                    + Formats.number(100 * failed, 3) + "% > " + Formats.number(100 * MAX_FAILED_FRACTION, 3) + "%)");
        }
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            double span = span(p, bootstrap.lower()[i], bootstrap.upper()[i]);
            boolean wide = p.positive() && span > MAX_SPAN; // NaN: no interval, which the failure count explains
            if (wide) {
                problems.add(p.name() + ": " + Formats.number(100 * bootstrap.level(), 3) + "% interval spans a factor "
                        + Formats.number(span, 3) + " (> " + Formats.number(MAX_SPAN, 3) + ")");
            }
            String scale = p.positive() ? "interval spans a factor " + Formats.number(span, 3) : "exponent: no factor rule";
            if (wide || tooManyFailed) {
                verdicts.add("no: " + (wide ? scale : failedText));
            } else {
                verdicts.add("yes (" + scale + ")");
            }
        }
        return new Identification(true, verdicts, problems);
    }

    /** upper/lower of a positive constant's interval; NaN when no interval could be formed. */
    static double span(Parameter p, double lower, double upper) {
        if (!p.positive()) {
            return Double.NaN;
        }
        return upper / lower;
    }

    public boolean checked() {
        return checked;
    }

    /** True when checked and no problem was found. */
    public boolean identified() {
        return checked && problems.isEmpty();
    }

    /** Per constant, in the law's parameter order: "yes (...)", "no: ..." or "not checked". */
    public List<String> verdicts() {
        return verdicts;
    }

    /** What failed the check, one sentence each (empty when identified or not checked). */
    public List<String> problems() {
        return problems;
    }

    /** One line for a report. */
    public String summary() {
        if (!checked) {
            return "not checked: run a bootstrap (--bootstrap K) to test whether the data determine the constants";
        }
        if (problems.isEmpty()) {
            return "identified: every positive constant's interval spans at most a factor " + Formats.number(MAX_SPAN, 3)
                    + " and at most " + Formats.number(100 * MAX_FAILED_FRACTION, 3) + "% of refits failed";
        }
        return NOT_IDENTIFIED + ": " + String.join("; ", problems);
    }
}
