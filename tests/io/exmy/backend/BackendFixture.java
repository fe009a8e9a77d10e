package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.fail;

import io.exmy.backends.Backends;
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
    /** The backends checked against {@code java}: host, emu, cuda, or those in {@code -Dexmy.backends}. */
    public static final List<String> UNDER_TEST = List.of(
            System.getProperty("exmy.backends", "host,emu,cuda").split(","));

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
        if (name.equals("emu")) {
            markSanitizedRun();
        }
        return b;
    }

    /**
     * Under a sanitizer run (native-build/sanitized-java sets EXMY_SANITIZER_LOG), leaves a marker
     * that the sanitized emulation library really ran kernels, so that the log check after the run
     * (native-build/check-sanitizer-logs.sh) can tell a clean run from a run that never happened.
     */
    private static void markSanitizedRun() {
        String log = System.getenv("EXMY_SANITIZER_LOG");
        String lib = System.getProperty("exmy.native.emu", "");
        if (log != null && (lib.contains("asan") || lib.contains("tsan"))) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(log + ".ran"), lib + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** For {@code @MethodSource}: the names in {@link #UNDER_TEST}. */
    public static java.util.stream.Stream<String> underTest() {
        return UNDER_TEST.stream();
    }
}
