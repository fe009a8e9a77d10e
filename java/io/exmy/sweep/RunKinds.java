package io.exmy.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run kinds a grid can name. Built-in kinds are listed here; the training harness adds its
 * kinds ({@code train}, {@code ptq}) to {@link #BUILT_IN}. Tests may register more.
 */
public final class RunKinds {
    private static final List<RunKind> BUILT_IN = List.of(new QuantErrorKind(), new io.exmy.train.TrainKind(),
            new io.exmy.ptq.PtqKind());
    private static final Map<String, RunKind> KINDS = new TreeMap<>();

    static {
        BUILT_IN.forEach(RunKinds::register);
    }

    private RunKinds() {
    }

    public static synchronized void register(RunKind kind) {
        RunKind old = KINDS.putIfAbsent(kind.name(), kind);
        if (old != null && old != kind) {
            throw new IllegalStateException("run kind '" + kind.name() + "' is registered twice");
        }
    }

    public static synchronized RunKind get(String name) {
        RunKind k = KINDS.get(name);
        if (k == null) {
            throw new SweepException("unknown run kind '" + name + "' (known: " + String.join(", ", KINDS.keySet()) + ")");
        }
        return k;
    }

    public static synchronized List<RunKind> all() {
        return new ArrayList<>(KINDS.values());
    }
}
