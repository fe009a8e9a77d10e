package io.exmy.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreAudit;
import io.exmy.train.Checkpoint;
import io.exmy.train.StateAudit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training sweep in a child JVM, checkpointing every step and keeping model snapshots,
 * SIGKILLed at random moments 15 to 25 times (seeded: the seed is printed, and
 * {@code -Dexmy.test.killSeed=N} repeats a run), with a byte of a checkpoint flipped and a record
 * cut short between two of the kills; then let finish. Its store must equal an uninterrupted
 * run's: the same records, the same configuration and metrics bit for bit (timings aside), every
 * file sound, and nothing damaged counted as done.
 */
class RandomKillTest {
    /** Metrics that are clocks, not results. */
    private static final Set<String> TIMINGS = Set.of("tokens_per_s", "train_s", "eval_s", "mfu", "resumed_at_step");

    @TempDir
    Path dir;

    private Path grid() throws IOException {
        Path g = dir.resolve("kill.yaml");
        Files.writeString(g, """
                kind: train
                fixed: {model: nano, layers: 1, width: 16, heads: 2, context: 16, batch_size: 4,
                        corpus: "synthetic:symbols=8,order=1,length=40000", eval_batches: 2, eval_every: 50,
                        backend: java, save_at: "3200,6400"}
                runs:
                  - {seed: 1, tokens: 6400}
                  - {seed: 2, tokens: 25600}
                  - {seed: 3, tokens: 25600}
                """);
        return g;
    }

    private static Map<String, JsonNode> results(ResultsStore store) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Record r : store.records()) {
            ObjectNode m = r.metrics().deepCopy();
            m.remove(TIMINGS);
            ObjectNode o = r.config().deepCopy();
            o.set("metrics", m);
            out.put(r.id(), o);
        }
        return out;
    }

    private static List<Path> files(Path d, String name) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(name)).sorted().toList();
        }
    }

    @Test
    void aSweepKilledAtRandomMomentsEndsWithTheStoreOfAnUninterruptedOne() throws Exception {
        long seed = Long.getLong("exmy.test.killSeed", System.nanoTime());
        System.out.println("RandomKillTest: seed " + seed + " (repeat with -Dexmy.test.killSeed=" + seed
                + " and the printed -Dexmy.test.killMaxDelayMs)");
        Random rnd = new Random(seed);
        Path grid = grid();
        List<PlannedRun> runs = GridExpander.expand(Grid.load(grid));
        long t0 = System.nanoTime();

        ResultsStore reference = ResultsStore.openOrCreate(dir.resolve("reference"));
        LocalExecutor.Summary ref = LocalExecutor.run(runs, reference, new PlainDisplay(new PrintWriter(new StringWriter())));
        assertTrue(ref.ok(), () -> ref.failures().toString());
        Map<String, JsonNode> want = results(reference);
        long tRef = System.nanoTime();

        Path storeDir = dir.resolve("killed");
        List<String> jvm = List.of("-Dexmy.train.checkpoint.seconds=0");
        int planned = 15 + rnd.nextInt(11);
        // kills spread over the whole sweep on a fast or a slow machine: a life gets on average a
        // fourteenth of the time the sweep took here uninterrupted (a child also starts a JVM, tokenizes
        // and checkpoints every step); -Dexmy.test.killMaxDelayMs=M with the seed repeats a run exactly
        int maxDelay = Integer.getInteger("exmy.test.killMaxDelayMs", (int) Math.max(100, 2 * (tRef - t0) / 1e6 / 14));
        int kills = 0;
        String flipped = null;
        String cut = null;
        StringBuilder history = new StringBuilder();
        for (int life = 0; kills < planned && life < planned + 10; life++) {
            Path log = dir.resolve("life-" + life + ".log");
            Process p = SweepFixtures.exmy(jvm, dir, "sweep", "--store", storeDir.toString(), grid.toString())
                    .redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && !SweepFixtures.read(log).contains("run(s) to compute")
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int delay = (int) (rnd.nextDouble() * maxDelay); // in setup, training, checkpoint, snapshot, record writes
            Thread.sleep(delay);
            if (!p.isAlive()) {
                assertEquals(0, p.exitValue(), () -> history + ": " + SweepFixtures.read(log));
                history.append("finished;");
                break;
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            kills++;
            history.append(delay).append("ms;");
            // faults between kills: a byte of an unfinished run's checkpoint flipped, a record cut short
            List<Path> ckpts = files(storeDir.resolve("checkpoints"), Checkpoint.FILE.replace(".", "\\.")).stream()
                    .filter(f -> !Files.exists(storeDir.resolve("records").resolve(f.getParent().getFileName() + ".json")))
                    .toList();
            if (flipped == null && kills >= 3 && !ckpts.isEmpty()) {
                Path f = ckpts.get(rnd.nextInt(ckpts.size()));
                byte[] b = Files.readAllBytes(f);
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                Files.write(f, b);
                flipped = f.getParent().getFileName().toString();
                history.append("flipped a byte of ").append(flipped).append("'s checkpoint;");
            }
            List<Path> recs = files(storeDir.resolve("records"), "[0-9a-f]{16}\\.json");
            if (cut == null && kills >= 5 && !recs.isEmpty()) {
                Path f = recs.get(rnd.nextInt(recs.size()));
                byte[] b = Files.readAllBytes(f);
                Files.write(f, java.util.Arrays.copyOf(b, rnd.nextInt(b.length)));
                cut = f.getFileName().toString();
                history.append("cut ").append(cut).append(';');
            }
        }
        Path last = dir.resolve("last.log");
        Process p = SweepFixtures.exmy(jvm, dir, "sweep", "--store", storeDir.toString(), grid.toString())
                .redirectOutput(last.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> SweepFixtures.read(last));
        long tKills = System.nanoTime();
        System.out.printf("RandomKillTest: %d kills of %d planned, -Dexmy.test.killMaxDelayMs=%d (%s); reference %.1f s,"
                + " killed sweep %.1f s%n", kills, planned, maxDelay, history, (tRef - t0) / 1e9, (tKills - tRef) / 1e9);

        ResultsStore store = ResultsStore.open(storeDir);
        String context = "seed " + seed + ", " + history;
        assertEquals(want, results(store), context);
        assertTrue(store.records().stream().allMatch(Record::verified), context);
        StoreAudit.Report audit = StoreAudit.run(store, StateAudit.checks());
        assertEquals(List.of(), audit.findings(), context);
        assertEquals(6, audit.checked().get("model snapshots"), context);
        // the damaged files were moved aside, not counted as done
        if (flipped != null) {
            assertEquals(1, files(storeDir.resolve("quarantine").resolve("checkpoints").resolve(flipped), ".*").size(),
                    context);
        }
        if (cut != null) {
            String name = cut;
            assertEquals(1, files(storeDir.resolve("quarantine").resolve("records"), ".*").stream()
                    .filter(f -> f.getFileName().toString().startsWith(name + ".")).count(), context);
        }
    }
}
