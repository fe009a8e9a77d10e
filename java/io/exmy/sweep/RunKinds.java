package io.exmy.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run kinds a grid can name, by name. The sweep machinery knows only {@link RunKind}; the
 * kinds themselves ({@code qerror}, {@code train}, {@code ptq}) live above it and are registered
 * by the command line at start ({@code io.exmy.cli.BuiltInRunKinds}), so that {@code sweep} imports
 * none of them. Tests may register more.
 */
public final class RunKinds {
    private static final Map<String, RunKind> KINDS = new TreeMap<>();

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
