package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The backends under test, each compared with the Java reference. A backend that cannot run here
 * is skipped with its reason — unless it is named in {@code -Dexmy.require=host,emu} (CI sets it),
 * where a missing backend fails, so a skipped test never passes for a run one.
 */
public final class BackendFixture {
    /** The backends checked against {@code java}. */
    public static final List<String> UNDER_TEST = List.of("host", "emu", "cuda");

    private static final ConcurrentHashMap<String, Backend> OPEN = new ConcurrentHashMap<>();

    private BackendFixture() {
    }

    public static Set<String> required() {
        String r = System.getProperty("exmy.require", System.getenv().getOrDefault("EXMY_REQUIRE", ""));
        return Arrays.stream(r.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** The named backend, opened once per test JVM; skips or fails the test if it cannot run here. */
    public static Backend get(String name) {
        String reason = null;
        Backend b = OPEN.get(name);
        if (b == null) {
            try {
                b = OPEN.computeIfAbsent(name, Backends::open);
            } catch (BackendUnavailableException e) {
                reason = e.getMessage();
            }
        }
        if (reason != null) {
            if (required().contains(name)) {
                fail("backend '" + name + "' is required here (exmy.require) but unavailable: " + reason);
            }
            Assumptions.abort("backend '" + name + "' unavailable: " + reason);
        }
        return b;
    }

    /** For {@code @MethodSource}: the names in {@link #UNDER_TEST}. */
    public static java.util.stream.Stream<String> underTest() {
        return UNDER_TEST.stream();
    }
}
