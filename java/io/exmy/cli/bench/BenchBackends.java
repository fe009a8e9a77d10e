package io.exmy.cli.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backends.Backends;
import io.exmy.cli.common.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends a benchmark measures, one at a time. By default every one of a list that is
 * available here (the others are skipped, saying why); a backend the user named must open.
 */
final class BenchBackends {
    interface Measurement {
        void on(Backend backend);
    }

    private BenchBackends() {
    }

    /** Runs {@code m} on each backend and returns their descriptions for the report's device line. */
    static List<String> measure(List<String> requested, List<String> defaults, Measurement m) {
        List<String> devices = new ArrayList<>();
        for (String name : requested != null ? requested : defaults) {
            Backend b;
            try {
                b = Backends.open(name);
            } catch (BackendUnavailableException e) {
                if (requested != null) {
                    throw new UserError("backend '" + name + "' is unavailable: " + e.getMessage(), e);
                }
                System.err.println("skipping " + name + ": " + e.getMessage());
                continue;
            }
            try (b) {
                devices.add(b.name() + ": " + b.device());
                m.on(b);
            }
        }
        if (devices.isEmpty()) {
            throw new UserError("no backend could be measured (tried " + String.join(", ", requested != null ? requested : defaults) + ")");
        }
        return devices;
    }
}
