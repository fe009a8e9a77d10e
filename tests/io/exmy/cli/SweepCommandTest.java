package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.results.ResultsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Result exmy(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path grid() throws Exception {
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, """
                kind: qerror
                fixed: {elements: 5000, distribution: normal, seed: 1}
                axes:
                  format: [e4m3, e3m2, e2m1]
                  scale: [0.1, 1, 10]
                """);
        return g;
    }

    @Test
    void sweepStatusDryRunAndExport() throws Exception {
        Path g = grid();
        String store = dir.resolve("store").toString();

        Result r = exmy("sweep", "--status", "--store", store, g.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no results store at") && r.err().contains("none of the 9 run(s)"), r.toString());

        r = exmy("sweep", "--dry-run", "--store", store, g.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("format=e3m2 scale=10") && r.out().contains("would compute 9 of 9"), r.toString());
        assertFalse(Files.exists(dir.resolve("store")), "a dry run creates nothing");

        r = exmy("sweep", "--store", store, g.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("9 run(s): 9 computed now, 0 already recorded, 0 failed"), r.toString());
        assertTrue(r.err().contains("[9/9]"), "plain progress lines when not on a terminal: " + r);

        r = exmy("sweep", "--store", store, g.toString());
        assertTrue(r.out().contains("0 computed now, 9 already recorded"), r.toString());

        r = exmy("sweep", "--status", "--store", store, g.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(9, r.out().lines().filter(l -> l.contains("| done ")).count(), r.toString());
        assertTrue(r.out().contains("9 run(s), 9 done"), r.toString());

        Path csv = dir.resolve("out.csv");
        r = exmy("results", "export", "--store", store, csv.toString());
        assertEquals(0, r.exit(), r.toString());
        String text = Files.readString(csv);
        assertEquals(10, text.lines().count());
        assertTrue(text.lines().findFirst().orElseThrow().contains("metrics.sqnr_db"), text);
        Path jsonl = dir.resolve("out.jsonl");
        assertEquals(0, exmy("results", "export", "--store", store, jsonl.toString()).exit());
        assertEquals(9, Files.readString(jsonl).lines().count());
    }

    @Test
    void sweepTaskByGridIndexAndCleaning() throws Exception {
        Path g = grid();
        String store = dir.resolve("store").toString();
        Result r = exmy("sweep-task", "--grid", g.toString(), "--index", "4", "--store", store);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("recorded"), r.toString());
        r = exmy("sweep-task", "--grid", g.toString(), "--index", "4", "--store", store);
        assertTrue(r.err().contains("already recorded: nothing to do"), r.toString());
        r = exmy("sweep", "--status", "--store", store, g.toString());
        assertTrue(r.out().contains("9 run(s), 1 done, 8 missing"), r.toString());
        r = exmy("sweep-task", "--grid", g.toString(), "--index", "9", "--store", store);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("has runs 0..8, not 9"), r.toString());

        ResultsStore s = ResultsStore.open(Path.of(store));
        String done = s.recordIds().iterator().next();
        Files.createDirectories(s.checkpointsDir().resolve(done));
        Files.createDirectories(s.checkpointsDir().resolve("0000000000000000"));
        Path stale = s.recordsDir().resolve(".abc.json.1.tmp");
        Files.writeString(stale, "{");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));

        r = exmy("sweep", "--status", "--store", store, g.toString());
        assertTrue(r.out().contains("1 stale temporary file(s)"), r.toString());
        r = exmy("results", "clean", "--store", store);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("removed 1 checkpoint directory of finished runs and 1 stale temporary file(s)"),
                r.toString());
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(s.checkpointsDir().resolve(done)));
        assertTrue(Files.exists(s.checkpointsDir().resolve("0000000000000000")), "unfinished runs keep checkpoints");
    }

    @Test
    void userErrorsAreOneClearLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: qerror\naxes:\n  format: [e4m3, e9m1]\n");
        Result r = exmy("sweep", "--store", dir.resolve("s").toString(), bad.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("exmy sweep: " + bad + " line 3 (axes.format[1]): run 1 (format=e9m1)"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);

        r = exmy("sweep", "--resubmit", grid().toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--resubmit only apply with --executor slurm"), r.toString());

        r = exmy("sweep", "--executor", "pbs", grid().toString());
        assertTrue(r.err().contains("unknown executor 'pbs'"), r.toString());

        r = exmy("results", "export", "--store", dir.resolve("nothing").toString(), "x.csv");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("no results store at"), r.toString());

        r = exmy("sweep", "--store", dir.resolve("s").toString(), dir.resolve("missing.yaml").toString());
        assertTrue(r.err().contains("missing.yaml does not exist"), r.toString());
    }

    @Test
    void fitReadsAStoreDirectory() throws Exception {
        Path g = dir.resolve("g.yaml");
        Files.writeString(g, "kind: qerror\nfixed: {elements: 2000}\naxes: {format: [e4m3, e3m2, e2m1, e5m2], seed: [1, 2]}\n");
        String store = dir.resolve("store").toString();
        assertEquals(0, exmy("sweep", "--store", store, g.toString()).exit());
        io.exmy.fit.data.Dataset d = io.exmy.fit.data.DataReader.read(Path.of(store));
        assertEquals(8, d.size());
        assertEquals(8, d.numeric("metrics.rel_rmse").length);
        String[] formats = d.categorical("config.format");
        double[] err = d.numeric("metrics.rel_rmse");
        double e4m3 = 0;
        double e2m1 = 0;
        for (int i = 0; i < d.size(); i++) {
            e4m3 += formats[i].equals("e4m3") ? err[i] : 0;
            e2m1 += formats[i].equals("e2m1") ? err[i] : 0;
        }
        assertTrue(e4m3 > 0 && e2m1 > 4 * e4m3, "two fewer mantissa bits, about four times the error: " + e4m3 + " " + e2m1);

        Result fit = exmy("fit", "--law", "expr", store, "--expr", "A + B*log(config.seed)", "--target",
                "metrics.rel_rmse");
        assertEquals(0, fit.exit(), fit.toString());
        assertTrue(fit.out().contains("| points ") && fit.out().contains("| A "), fit.toString());
    }
}
