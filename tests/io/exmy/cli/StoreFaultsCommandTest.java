package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.exmy.results.Record;
import io.exmy.results.ResultsStore;
import io.exmy.train.Checkpoint;
import io.exmy.train.ModelSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection through the command line: damaged and stray records, a duplicated line of an
 * export, damaged and foreign checkpoints and snapshots, and unwritable directories each get one
 * line naming the file (no stack trace), and what can be recomputed is recomputed, saying so.
 */
class StoreFaultsCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"train", "--model", "nano", "--layers", "1", "--width", "16", "--heads", "2",
        "--context", "16", "--corpus", "synthetic:symbols=8,order=1,length=40000", "--batch-size", "4",
        "--set", "eval_batches=2", "--backend", "java", "--checkpoint-seconds", "0"};

    private static SweepCommandTest.Result exmy(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(more));
        return SweepCommandTest.exmy(a.toArray(String[]::new));
    }

    /** One line on stderr, naming {@code file}, no stack trace. */
    private static void assertOneLine(SweepCommandTest.Result r, String command, Object file) {
        assertEquals(2, r.exit(), r.toString());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("exmy ")).toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("exmy " + command + ": ") && lines.get(0).contains(file.toString()), r.toString());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "no stack trace: " + r);
    }

    private Path grid() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, "kind: qerror\nfixed: {elements: 3000, distribution: normal}\n"
                + "axes:\n  format: [e4m3, e2m1]\n  seed: [1, 2]\n");
        return g;
    }

    private static Map<String, JsonNode> metrics(ResultsStore s) {
        Map<String, JsonNode> m = new HashMap<>();
        s.records().forEach(r -> m.put(r.id(), r.metrics()));
        return m;
    }

    @Test
    void damagedRecordsAreRecomputedAndAStrayCopyIsRefusedUntilRemoved() throws Exception {
        Path g = grid();
        String store = dir.resolve("store").toString();
        assertEquals(0, exmy(new String[] {"sweep", "--store", store, g.toString()}).exit());
        ResultsStore s = ResultsStore.open(Path.of(store));
        Map<String, JsonNode> want = metrics(s);
        List<String> ids = new ArrayList<>(want.keySet());
        java.util.Collections.sort(ids);
        Path edited = s.recordPath(ids.get(0));
        Path cut = s.recordPath(ids.get(1));
        Path trailing = s.recordPath(ids.get(2));
        String v = want.get(ids.get(0)).get("sqnr_db").asText();
        Files.writeString(edited, Files.readString(edited).replace(v, v.substring(0, v.length() - 1)));
        Files.writeString(cut, Files.readString(cut).substring(0, 100));
        Files.writeString(trailing, Files.readString(trailing) + "garbage\n");
        Path stray = s.recordsDir().resolve("00000000000000ff.json");
        Files.copy(s.recordPath(ids.get(3)), stray);
        s.checkpointDir(ids.get(1)); // the run of the cut record keeps its checkpoints

        SweepCommandTest.Result r = exmy(new String[] {"results", "verify", "--store", store});
        assertEquals(2, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().contains("4 problem(s)") && r.err().contains("3 damaged, 1 duplicate"), r.toString());
        for (Path p : List.of(edited, cut, trailing, stray)) {
            assertTrue(r.out().contains(s.dir().relativize(p).toString()), p + " in " + r);
        }
        // export and fit stop at the first bad file (the stray copy sorts first)
        assertOneLine(exmy(new String[] {"results", "export", "--store", store, dir.resolve("x.csv").toString()}), "results export",
                stray);
        assertOneLine(exmy(new String[] {"fit", "--law", "chinchilla", store, "--col", "N=config.seed", "--col",
            "D=config.elements", "--target", "metrics.sqnr_db"}), "fit", stray);
        r = exmy(new String[] {"results", "clean", "--dry-run", "--store", store});
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains(ids.get(1)), "a damaged record is no finished run: " + r);
        r = exmy(new String[] {"sweep", "--status", "--store", store, g.toString()});
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("1 done, 3 failed"), r.toString());

        r = exmy(new String[] {"sweep", "--store", store, g.toString()});
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("3 computed now, 1 already recorded"), r.toString());
        for (Path p : List.of(edited, cut, trailing)) {
            assertTrue(r.err().contains("record " + p + " ") && r.err().contains(": moved to "), r.toString());
        }
        // the stray copy still stops export, naming the run and both files
        r = exmy(new String[] {"results", "export", "--store", store, dir.resolve("x.csv").toString()});
        assertOneLine(r, "results export", stray);
        assertTrue(r.err().contains("run " + ids.get(3) + " is recorded twice") && r.err().contains(ids.get(3) + ".json"),
                r.toString());
        Files.delete(stray);
        r = exmy(new String[] {"results", "verify", "--store", store});
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("is sound: read 4 records") && r.out().contains("3 files in quarantine"), r.toString());
        Map<String, JsonNode> got = metrics(s);
        assertEquals(want, got, "recomputed records hold the same metrics");
    }

    @Test
    void fitRefusesARunTwiceInJsonLinesAndCsv() throws Exception {
        Path g = grid();
        String store = dir.resolve("store").toString();
        assertEquals(0, exmy(new String[] {"sweep", "--store", store, g.toString()}).exit());
        Path jsonl = dir.resolve("r.jsonl");
        Path csv = dir.resolve("r.csv");
        assertEquals(0, exmy(new String[] {"results", "export", "--store", store, jsonl.toString()}).exit());
        assertEquals(0, exmy(new String[] {"results", "export", "--store", store, csv.toString()}).exit());
        String[] fit = {"fit", "--law", "chinchilla", "--col", "N=config.seed", "--col", "D=config.elements", "--target",
            "metrics.sqnr_db"};
        List<String> lines = new ArrayList<>(Files.readAllLines(jsonl));
        String id = ResultsStore.open(Path.of(store)).records().get(0).id();
        String line = lines.stream().filter(l -> l.contains(id)).findFirst().orElseThrow();
        lines.add(line);
        Files.write(jsonl, lines);
        SweepCommandTest.Result r = exmy(fit, jsonl.toString());
        assertOneLine(r, "fit", jsonl);
        assertTrue(r.err().contains("run id " + id + " appears twice, in lines " + (lines.indexOf(line) + 1) + " and "
                + lines.size()), r.toString());
        List<String> rows = new ArrayList<>(Files.readAllLines(csv));
        rows.add(rows.get(2));
        Files.write(csv, rows);
        r = exmy(fit, csv.toString());
        assertOneLine(r, "fit", csv);
        assertTrue(r.err().contains("appears twice, in records 3 and " + rows.size()), r.toString());
    }

    /** A checkpoint of run {@code id} after a complete run (its last checkpoint stays), and the record's metrics. */
    private Path checkpointOf(String store, String... more) throws Exception {
        SweepCommandTest.Result r = exmy(TINY, more);
        assertEquals(0, r.exit(), r.toString());
        try (var s = Files.list(Path.of(store, "checkpoints"))) {
            return s.findFirst().orElseThrow().resolve(Checkpoint.FILE);
        }
    }

    @Test
    void trainRestartsFromADamagedOrForeignCheckpointAndSaysWhereItResumed() throws Exception {
        String a = dir.resolve("a").toString();
        Path ckpt = checkpointOf(a, "--tokens", "1280", "--store", a);
        String id = ckpt.getParent().getFileName().toString();
        JsonNode want = ResultsStore.open(Path.of(a)).record(id).orElseThrow().metrics();
        byte[] good = Files.readAllBytes(ckpt);

        // a sound checkpoint: resumed, and said so
        String b = dir.resolve("b").toString();
        Path into = Path.of(b, "checkpoints", id, Checkpoint.FILE);
        Files.createDirectories(into.getParent());
        Files.write(into, good);
        SweepCommandTest.Result r = exmy(TINY, "--tokens", "1280", "--store", b);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("train: resumed from " + into.toAbsolutePath() + " at step 19 of 20 (1216 tokens)"),
                r.toString());
        assertEquals(want.get("val_loss"), ResultsStore.open(Path.of(b)).record(id).orElseThrow().metrics().get("val_loss"));

        // damaged (the step counter, 2 bytes), empty, garbage, another run's: moved aside, trained from step 0
        Path other = checkpointOf(dir.resolve("o").toString(), "--tokens", "1280", "--seed", "7", "--store",
                dir.resolve("o").toString());
        byte[] stepFlipped = good.clone();
        int stepAt = 8 + 4 + 2 + id.length();
        stepFlipped[stepAt + 2] ^= 0x7f;
        stepFlipped[stepAt + 3] ^= 0x01;
        Map<String, byte[]> cases = Map.of("step counter", stepFlipped, "empty", new byte[0], "garbage",
                "not a checkpoint at all".getBytes(), "foreign", Files.readAllBytes(other));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            String s = dir.resolve("s-" + c.getKey().replace(' ', '-')).toString();
            Path f = Path.of(s, "checkpoints", id, Checkpoint.FILE);
            Files.createDirectories(f.getParent());
            Files.write(f, c.getValue());
            ResultsStore.openOrCreate(Path.of(s));
            r = exmy(new String[] {"results", "verify", "--store", s});
            assertEquals(2, r.exit(), c.getKey() + ": " + r);
            assertTrue(r.out().contains(c.getKey().equals("foreign") ? "| misnamed " : "| damaged "), c.getKey() + ": " + r);
            r = exmy(TINY, "--tokens", "1280", "--store", s);
            assertEquals(0, r.exit(), c.getKey() + ": " + r);
            assertTrue(r.err().contains("train: checkpoint " + f.toAbsolutePath() + " ")
                    && r.err().contains(": moved to " + Path.of(s, "quarantine", "checkpoints", id).toAbsolutePath())
                    && r.err().contains("the run starts again from step 0"), c.getKey() + ": " + r);
            JsonNode got = ResultsStore.open(Path.of(s)).record(id).orElseThrow().metrics();
            assertFalse(got.has("resumed_at_step"), c.getKey());
            assertEquals(want.get("val_loss"), got.get("val_loss"), c.getKey());
            assertEquals(want.get("curve").get("train_loss"), got.get("curve").get("train_loss"), c.getKey());
            assertEquals(0, exmy(new String[] {"results", "verify", "--store", s}).exit(), c.getKey());
        }
    }

    /**
     * Makes {@code sub} of {@code store} unwritable: by permissions where they bind (not root), else by
     * a regular file where the directory should be. Returns the path the message must name.
     */
    private static Path unwritable(Path store, String sub) throws Exception {
        Path d = store.resolve(sub);
        Files.createDirectories(d);
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(d)) { // root: permissions do not stop it
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(d);
            Files.writeString(d, "a file where the directory should be");
        }
        return d;
    }

    @Test
    void unwritableCheckpointsOrModelsAreOneLine() throws Exception {
        Path s1 = dir.resolve("s1");
        Path ckpts = unwritable(s1, "checkpoints");
        SweepCommandTest.Result r = exmy(TINY, "--tokens", "640", "--store", s1.toString());
        assertOneLine(r, "train", ckpts.toAbsolutePath());
        assertTrue(r.err().contains("cannot create checkpoint directory"), r.toString());

        Path s2 = dir.resolve("s2");
        Path models = unwritable(s2, "models");
        r = exmy(TINY, "--tokens", "640", "--save-at", "320", "--store", s2.toString());
        assertOneLine(r, "train", models.toAbsolutePath());
        assertTrue(r.err().contains("cannot create model directory"), r.toString());
        assertFalse(r.err().contains("loss"), "refused before training: " + r);
    }

    @Test
    void ptqRefusesAChangedSnapshotNamingIt() throws Exception {
        String store = dir.resolve("store").toString();
        SweepCommandTest.Result r = exmy(TINY, "--tokens", "640", "--save-at", "640", "--store", store);
        assertEquals(0, r.exit(), r.toString());
        Path snap;
        try (var s = Files.list(Path.of(store, "models"))) {
            snap = s.findFirst().orElseThrow().resolve(ModelSnapshot.fileName(640));
        }
        byte[] good = Files.readAllBytes(snap);
        String[] ptq = {"ptq", snap.toString(), "--method", "rtn", "--format", "int4", "--backend", "java", "--store",
            store};
        byte[] payload = good.clone();
        payload[good.length - 4 - 8 - 40] ^= 0x01; // a parameter's lowest bit
        Files.write(snap, payload);
        r = SweepCommandTest.exmy(ptq);
        assertOneLine(r, "ptq", snap);
        assertTrue(r.err().contains("checksum does not match"), r.toString());
        byte[] header = good.clone();
        header[new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"model\"") + 1] ^= 0x01;
        Files.write(snap, header);
        assertOneLine(SweepCommandTest.exmy(ptq), "ptq", snap);
        r = exmy(new String[] {"results", "verify", "--store", store});
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.out().contains("damaged") && r.out().contains(ModelSnapshot.fileName(640)), r.toString());
        Files.write(snap, good);
        assertEquals(0, SweepCommandTest.exmy(ptq).exit());
        List<Record> recs = ResultsStore.open(Path.of(store)).records();
        assertEquals(2, recs.size());
    }
}
