package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import io.exmy.fit.base.Formats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A law with some constants held at given values and the others fitted. Researchers pin what
 * their data cannot determine, typically exponents taken from a paper when the sweep is too
 * small to separate them (Sun et al.'s δ and ν need E and M varied independently; at small
 * scale the quantization term may be below the seed-to-seed noise). The fitters see only the
 * free constants; {@link #expand} gives the full vector back for predictions and derivations.
 */
public final class PinnedLaw extends ConstrainedLaw {
    /** Key of the pinned constants in {@link #options()}, so saved fits rebuild this law. */
    public static final String OPTION = "pinned";

    private final Law base;
    private final Map<String, Double> pinned;
    private final int[] freeIndex;
    private final double[] full;
    /** {@link #full} in fit space, computed once: {@link #bind} runs for every objective evaluation. */
    private final double[] fullFit;

    /** @param pinned natural-scale values by constant name, in any order */
    public PinnedLaw(Law base, Map<String, Double> pinned) {
        if (base instanceof PinnedLaw p) {
            Map<String, Double> merged = new LinkedHashMap<>(p.pinned);
            merged.putAll(pinned);
            base = p.base;
            pinned = merged;
        }
        List<String> names = base.parameterNames();
        for (String n : pinned.keySet()) {
            if (!names.contains(n)) {
                throw new FitException("cannot hold '" + n + "' fixed: law " + base.id() + " has constants " + names);
            }
        }
        if (pinned.size() >= names.size()) {
            throw new FitException("law " + base.id() + ": holding every constant fixed leaves nothing to fit; "
                    + "use exmy predict with those constants instead");
        }
        this.base = base;
        this.full = new double[names.size()];
        this.pinned = new LinkedHashMap<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Parameter p = base.parameters().get(i);
            Double v = pinned.get(p.name());
            if (v == null) {
                idx.add(i);
                continue;
            }
            if (!Double.isFinite(v) || (p.positive() && v <= 0)) {
                throw new FitException("cannot hold " + p.name() + " at " + v + ": it must be finite"
                        + (p.positive() ? " and positive" : ""));
            }
            this.pinned.put(p.name(), v);
            full[i] = v;
        }
        this.freeIndex = idx.stream().mapToInt(Integer::intValue).toArray();
        this.fullFit = base.toFit(full);
    }

    /**
     * Parses {@code name=value} or a bare {@code name} (held at the law's default published
     * constant), as {@code exmy fit --fix} and experiment files write them.
     */
    public static Map<String, Double> parse(Law base, List<String> specs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String s : specs) {
            String t = s.trim();
            int eq = t.indexOf('=');
            String name = eq < 0 ? t : t.substring(0, eq).trim();
            int i = base.parameterNames().indexOf(name);
            if (i < 0) {
                throw new FitException("cannot hold '" + name + "' fixed: law " + base.id() + " has constants "
                        + base.parameterNames() + " (write NAME=VALUE, or NAME for its published value)");
            }
            double v;
            if (eq < 0) {
                v = base.preset(base.defaultPreset())[i];
            } else {
                try {
                    v = Double.parseDouble(t.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new FitException("cannot hold " + name + " at '" + t.substring(eq + 1).trim()
                            + "': not a number (write e.g. " + name + "=3.19)");
                }
            }
            out.put(name, v);
        }
        return out;
    }

    @Override
    public Law base() {
        return base;
    }

    public Map<String, Double> pinned() {
        return new LinkedHashMap<>(pinned);
    }

    /** The base law's full constant vector (natural scale) from this law's free constants. */
    @Override
    public double[] expand(double[] freeNatural) {
        double[] out = full.clone();
        for (int k = 0; k < freeIndex.length; k++) {
            out[freeIndex[k]] = freeNatural[k];
        }
        return out;
    }

    @Override
    public RowModel bind(double[] theta) {
        double[] fullTheta = fullFit.clone();
        for (int k = 0; k < freeIndex.length; k++) {
            fullTheta[freeIndex[k]] = theta[k];
        }
        return base.bind(fullTheta);
    }

    @Override
    protected int[] freeIndex() {
        return freeIndex.clone();
    }

    @Override
    protected String constraint() {
        StringBuilder held = new StringBuilder();
        pinned.forEach((k, v) -> held.append(held.length() == 0 ? "" : ", ").append(k).append(" = ").append(Formats.number(v)));
        return "held fixed: " + held;
    }

    @Override
    protected String optionKey() {
        return OPTION;
    }

    @Override
    protected Object optionValue() {
        return new LinkedHashMap<>(pinned);
    }
}
