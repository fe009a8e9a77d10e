package io.exmy.cli.fit;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.fit.law.ExpressionLaw;
import io.exmy.fit.FitFile;
import io.exmy.fit.law.Law;
import io.exmy.fit.law.Laws;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** A law with constants for predict and derive: from a saved fit, or a built-in law's published (or given) constants. */
final class FitLawSource implements WritesFiles {
    @Option(names = "--fit", paramLabel = "FIT.json", description = "A fit saved by exmy fit --save.")
    Path fit;

    @Option(names = "--law", paramLabel = "LAW",
            description = "A built-in law: chinchilla, sun, kumar, kumar-ptq, kumar-unified, ouyang (with --published, --preset or --const).")
    String law;

    @Option(names = "--published", description = "Use the paper's published constants (the law's default preset).")
    boolean published;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Use a named set of published constants (e.g. chinchilla: besiroglu2024, hoffmann2022).")
    String preset;

    @Option(names = "--const", paramLabel = "NAME=VALUE",
            description = "Set (or override) one constant, e.g. --const alpha=0.34. Repeatable.")
    Map<String, String> constants = new LinkedHashMap<>();

    /** The law, its constants (law order) and where they came from. */
    record Resolved(Law law, double[] constants, String description) {
        /** The constants in use, the whole law's, with what was tied or held. */
        io.exmy.fit.Table table() {
            return io.exmy.fit.FitTables.constants(law, constants, description);
        }
    }

    @Override
    public void declare(CommandFiles files) {
        files.reads("--fit", fit);
    }

    Resolved resolve() {
        if (fit != null && law != null) {
            throw new UserError("give either --fit FILE or --law NAME, not both");
        }
        if (fit != null) {
            if (published || preset != null) {
                throw new UserError("--published/--preset apply to --law, not to --fit");
            }
            FitFile.Loaded l = FitFile.read(fit);
            double[] c = override(l.law(), l.constants());
            return new Resolved(l.law(), c, l.description() + (constants.isEmpty() ? "" : " with --const overrides"));
        }
        if (law == null) {
            throw new UserError("say which law to use: --fit FIT.json (from exmy fit --save) or --law NAME --published");
        }
        if (law.equals(ExpressionLaw.ID)) {
            throw new UserError("a user-written law has no published constants; fit it and use --fit FIT.json");
        }
        Law l = Laws.builtIn(law);
        double[] base;
        String desc;
        if (preset != null || published) {
            String name = preset != null ? preset : l.defaultPreset();
            base = l.preset(name);
            desc = "published constants '" + name + "'";
        } else {
            List<String> missing = new ArrayList<>(l.parameterNames());
            missing.removeAll(constants.keySet());
            if (!missing.isEmpty()) {
                throw new UserError("law " + law + " needs constants: use --published (" + l.defaultPreset()
                        + "), --preset NAME, or --const for each of " + missing);
            }
            base = new double[l.parameterCount()];
            desc = "constants from --const";
        }
        double[] c = override(l, base);
        List<String> unset = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (!Double.isFinite(c[i])) {
                unset.add(l.parameterNames().get(i));
            }
        }
        if (!unset.isEmpty()) { // kumar-unified: App. K gives no C_w, C_a, C_kv
            throw new UserError("law " + law + ": the " + desc + " give no value for " + unset + "; set "
                    + (unset.size() == 1 ? "it" : "each") + " with --const NAME=VALUE");
        }
        return new Resolved(l, c, desc);
    }

    private double[] override(Law l, double[] base) {
        double[] c = base.clone();
        List<String> names = l.parameterNames();
        for (Map.Entry<String, String> e : constants.entrySet()) {
            int i = names.indexOf(e.getKey());
            if (i < 0) {
                throw new UserError("--const " + e.getKey() + ": law " + l.id() + " has constants " + names);
            }
            c[i] = FitCliSupport.value(e.getKey(), e.getValue());
        }
        return c;
    }
}
