package io.exmy.fit.law;

import io.exmy.fit.base.FitException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A law with some constants tied to others: a tied constant is not fitted but equals its
 * partner. Published fits impose such ties (Kumar et al. fit one exponent for N_eff and D,
 * α = β); to fit a law as it was published, the same ties must hold, and {@code --untie NAME}
 * frees them. A tie joins two constants fitted on the same scale (both log-scale or both
 * linear), so it holds in fit space as it does in natural units.
 */
public final class TiedLaw extends ConstrainedLaw {
    /** Key of the ties in {@link #options()}, so saved fits rebuild this law. */
    public static final String OPTION = "tied";

    private final Law base;
    private final Map<String, String> ties;
    /** For every base constant: the index of the free constant that gives its value. */
    private final int[] source;
    /** The base index of each free constant. */
    private final int[] freeIndex;

    /** @param ties tied constant to the constant it equals, by name */
    public TiedLaw(Law base, Map<String, String> ties) {
        if (base instanceof TiedLaw t) {
            Map<String, String> merged = new LinkedHashMap<>(t.ties);
            merged.putAll(ties);
            base = t.base;
            ties = merged;
        }
        List<String> names = base.parameterNames();
        for (Map.Entry<String, String> e : ties.entrySet()) {
            int i = names.indexOf(e.getKey()), j = names.indexOf(e.getValue());
            if (i < 0 || j < 0) {
                throw new FitException("cannot tie " + e.getKey() + " to " + e.getValue() + ": law " + base.id()
                        + " has constants " + names);
            }
            if (ties.containsKey(e.getValue()) || i == j) {
                throw new FitException("cannot tie " + e.getKey() + " to " + e.getValue() + ", which is itself tied");
            }
            if (base.parameters().get(i).positive() != base.parameters().get(j).positive()) {
                throw new FitException("cannot tie " + e.getKey() + " to " + e.getValue() + ": one is fitted on a log scale, the other not");
            }
        }
        this.base = base;
        this.ties = new LinkedHashMap<>(ties);
        this.source = new int[names.size()];
        List<Integer> freeOf = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!ties.containsKey(names.get(i))) {
                freeOf.add(i);
            }
        }
        this.freeIndex = freeOf.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < names.size(); i++) {
            String partner = ties.getOrDefault(names.get(i), names.get(i));
            source[i] = freeOf.indexOf(names.indexOf(partner));
        }
    }

    /**
     * The law as its published fit constrained it: the base law's {@link Law#ties()} except those
     * named in {@code untie}.
     */
    public static Law published(Law base, Collection<String> untie) {
        Map<String, String> ties = new LinkedHashMap<>(base.ties());
        for (String u : untie) {
            if (ties.remove(u.trim()) == null) {
                throw new FitException("cannot untie '" + u.trim() + "': law " + base.id()
                        + (base.ties().isEmpty() ? " ties no constants" : " ties only " + base.ties().keySet()));
            }
        }
        return ties.isEmpty() ? base : new TiedLaw(base, ties);
    }

    /** Each tied constant and the constant it equals. */
    public Map<String, String> tied() {
        return new LinkedHashMap<>(ties);
    }

    @Override
    public Law base() {
        return base;
    }

    @Override
    public double[] expand(double[] freeNatural) {
        double[] out = new double[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = freeNatural[source[i]];
        }
        return out;
    }

    @Override
    public RowModel bind(double[] theta) {
        double[] full = new double[source.length];
        for (int i = 0; i < full.length; i++) {
            full[i] = theta[source[i]];
        }
        return base.bind(full);
    }

    /** Already applied: a tied law ties nothing further by default. */
    @Override
    public Map<String, String> ties() {
        return Map.of();
    }

    @Override
    protected int[] freeIndex() {
        return freeIndex.clone();
    }

    @Override
    protected String constraint() {
        StringBuilder t = new StringBuilder();
        ties.forEach((k, v) -> t.append(t.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
        return "tied: " + t;
    }

    @Override
    protected String optionKey() {
        return OPTION;
    }

    @Override
    protected Object optionValue() {
        return new LinkedHashMap<>(ties);
    }
}
