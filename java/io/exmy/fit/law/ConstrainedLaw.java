package io.exmy.fit.law;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A law that fits fewer constants than the law it is built on: some held at values
 * ({@link PinnedLaw}), some tied to others ({@link TiedLaw}). It reads the same columns and
 * predicts the same target as its base; the fitters see only the free constants; predictions,
 * derivations and plots that are defined on the whole law get the base law and the full
 * constants back through {@link Laws#base} and {@link Laws#fullConstants}.
 */
public abstract class ConstrainedLaw implements Law {
    public abstract Law base();

    /** The base law's constants (natural scale) from this law's free constants. */
    public abstract double[] expand(double[] freeNatural);

    /** The base law's index of each of this law's constants, in order. */
    protected abstract int[] freeIndex();

    /** The constraint as the formula ends with it, e.g. {@code held fixed: delta = 3.1926}. */
    protected abstract String constraint();

    /** The key under which a saved fit keeps the constraint ({@link Laws#fromSaved} reads it back), and its value. */
    protected abstract String optionKey();

    protected abstract Object optionValue();

    @Override
    public final String id() {
        return base().id();
    }

    @Override
    public final String formula() {
        return base().formula() + "  [" + constraint() + "]";
    }

    @Override
    public final String target() {
        return base().target();
    }

    @Override
    public final List<Parameter> parameters() {
        List<Parameter> all = base().parameters(), free = new ArrayList<>();
        for (int i : freeIndex()) {
            free.add(all.get(i));
        }
        return List.copyOf(free);
    }

    @Override
    public final List<LawColumn> columns() {
        return base().columns();
    }

    @Override
    public final double[] features(double[] columns) {
        return base().features(columns);
    }

    /** The base law's presets restricted to the free constants. */
    @Override
    public final Map<String, double[]> presets() {
        Map<String, double[]> out = new LinkedHashMap<>();
        int[] idx = freeIndex();
        base().presets().forEach((name, p) -> {
            double[] f = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                f[k] = p[idx[k]];
            }
            out.put(name, f);
        });
        return out;
    }

    @Override
    public final Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>(base().options());
        o.put(optionKey(), optionValue());
        return o;
    }
}
