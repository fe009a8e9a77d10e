package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.cli.Main;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code exmy train} process killed with SIGKILL in the middle of training, then started
 * again, records exactly the loss curve of a run that was never interrupted.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    private static final String[] RUN = {"train", "--model", "nano", "--layers", "1", "--width", "16", "--heads", "2",
        "--context", "16", "--corpus", "synthetic:symbols=8,order=1,length=40000", "--batch-size", "4",
        "--tokens", "12800", "--set", "eval_batches=2", "--set", "eval_every=20", "--backend", "java",
        "--checkpoint-seconds", "0"};

    private static String[] with(String... more) {
        List<String> a = new ArrayList<>(List.of(RUN));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static ProcessBuilder exmy(Path workDir, String... args) {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, cp), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    }

    private static JsonNode onlyRecord(Path store) {
        List<Record> r = ResultsStore.open(store).records();
        assertEquals(1, r.size());
        return r.get(0).metrics();
    }

    @Test
    void killedTrainingResumesToTheSameBits() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, Main.run(with("--store", whole.toString())));
        JsonNode want = onlyRecord(whole);

        Path killed = dir.resolve("killed");
        Path log = dir.resolve("killed.log");
        Process p = exmy(dir, with("--store", killed.toString())).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path ckptDir = killed.resolve("checkpoints");
        while (p.isAlive() && System.nanoTime() < deadline && !hasCheckpoint(ckptDir)) {
            Thread.sleep(5);
        }
        Thread.sleep(300); // a few more steps, so that the kill lands anywhere in a step or a checkpoint write
        assertTrue(p.isAlive(), () -> "the run must still be training when killed: " + read(log));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertTrue(!Files.exists(killed.resolve("records")) || ResultsStore.open(killed).records().isEmpty(),
                "no record from the killed run");

        assertEquals(0, Main.run(with("--store", killed.toString())));
        JsonNode got = onlyRecord(killed);
        assertTrue(got.has("resumed_at_step"), "resumed from its checkpoint: " + got);
        assertTrue(got.get("resumed_at_step").asInt() > 0 && got.get("resumed_at_step").asInt() < 200);
        assertEquals(want.get("curve").get("train_loss"), got.get("curve").get("train_loss"));
        assertEquals(want.get("curve").get("val_loss"), got.get("curve").get("val_loss"));
        assertEquals(want.get("val_loss"), got.get("val_loss"));
    }

    private static boolean hasCheckpoint(Path ckptDir) throws java.io.IOException {
        if (!Files.isDirectory(ckptDir)) {
            return false;
        }
        try (var s = Files.walk(ckptDir)) {
            return s.anyMatch(f -> f.getFileName().toString().equals(Checkpoint.FILE));
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
