package io.exmy.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.results.RunId;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid files, child JVMs running exmy, and the exactly-once check shared by the sweep tests. */
final class SweepFixtures {
    private SweepFixtures() {
    }

    /** A qerror grid of {@code formats × seeds} runs, each taking at least {@code sleepS} seconds. */
    static Path qerrorGrid(Path dir, String name, List<String> formats, int seeds, double sleepS) throws IOException {
        StringBuilder seedList = new StringBuilder();
        for (int s = 0; s < seeds; s++) {
            seedList.append(s == 0 ? "" : ", ").append(s + 1);
        }
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "kind: qerror\n"
                + "fixed: {elements: 2000, distribution: normal, sleep_s: " + sleepS + "}\n"
                + "axes:\n"
                + "  format: [" + String.join(", ", formats) + "]\n"
                + "  seed: [" + seedList + "]\n");
        return f;
    }

    /** {@code java -cp <this test's class path> io.exmy.cli.Main ARGS}. */
    static ProcessBuilder exmy(Path workDir, String... args) {
        return exmy(List.of(), workDir, args);
    }

    /** The same with extra JVM options, e.g. {@code -Dexmy.train.checkpoint.seconds=0}. */
    static ProcessBuilder exmy(List<String> jvmOptions, Path workDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath(), "io.exmy.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    }

    /** A child's log file, or what went wrong reading it. */
    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static String classPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    /**
     * Every record is whole, named by the hash of its own configuration, and belongs to the grid;
     * returns the records' bytes by id so that a later check can prove none was rewritten.
     */
    static Map<String, byte[]> assertStoreSound(ResultsStore store, List<PlannedRun> grid) throws IOException {
        Map<String, PlannedRun> byId = new HashMap<>();
        grid.forEach(r -> byId.put(r.id(), r));
        Map<String, byte[]> bytes = new HashMap<>();
        for (Record r : store.records()) {
            ObjectNode cfg = r.config();
            assertEquals(r.id(), RunId.of(r.kind(), cfg), "record " + r.id() + " is filed under its config's id");
            assertTrue(byId.containsKey(r.id()), "record " + r.id() + " belongs to the grid");
            assertEquals(RunId.canonical(byId.get(r.id()).config().json()), RunId.canonical(cfg));
            assertTrue(r.metrics().has("sqnr_db") && r.provenance().has("wall_s"), "complete record " + r.json());
            bytes.put(r.id(), Files.readAllBytes(store.recordPath(r.id())));
        }
        return bytes;
    }

    /** Records present before are still there, byte for byte. */
    static void assertUnchanged(Map<String, byte[]> before, ResultsStore store) throws IOException {
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue(), Files.readAllBytes(store.recordPath(e.getKey()))),
                    "record " + e.getKey() + " was rewritten");
        }
    }
}
