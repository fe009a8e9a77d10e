package io.exmy.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {
    @TempDir
    Path dir;

    static Record record(String format, double sqnr) {
        ObjectNode config = Json.object().put("format", format).put("scale", 1.0);
        ObjectNode metrics = Json.object().put("sqnr_db", sqnr);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return Record.create("qerror", config, metrics,
                new Provenance("cpu", "abc", t, t.plusMillis(1500), "host", null, "dev"));
    }

    @Test
    void addReadAndNeverRewrite() throws Exception {
        ResultsStore s = ResultsStore.openOrCreate(dir.resolve("store"));
        Record a = record("e4m3", 30.0);
        assertFalse(s.has(a.id()));
        assertTrue(s.add(a));
        assertTrue(s.has(a.id()));
        byte[] first = Files.readAllBytes(s.recordPath(a.id()));

        Record again = record("e4m3", 99.0); // same run, other result
        assertEquals(a.id(), again.id());
        assertFalse(s.add(again), "a second record of a run must be refused");
        assertArrayEquals(first, Files.readAllBytes(s.recordPath(a.id())), "the first record must stay as written");

        Record read = s.record(a.id()).orElseThrow();
        assertEquals(30.0, read.metrics().get("sqnr_db").asDouble());
        assertEquals("e4m3", read.config().get("format").asText());
        assertEquals(1.5, read.wallSeconds());
        assertEquals("abc", read.provenance().get("commit").asText());
        assertEquals(List.of(a.id()), s.records().stream().map(Record::id).toList());
        // store format marker, and the store opens again
        assertEquals(1, ResultsStore.open(dir.resolve("store")).records().size());
    }

    @Test
    void nonFiniteMetricsAreStoredAsNull() {
        ResultsStore s = ResultsStore.openOrCreate(dir);
        Record r = record("e4m3", Double.POSITIVE_INFINITY);
        s.add(r);
        assertTrue(s.record(r.id()).orElseThrow().metrics().get("sqnr_db").isNull());
    }

    @Test
    void manyThreadsRacingForOneRunLeaveExactlyOneCompleteRecord() throws Exception {
        ResultsStore s = ResultsStore.openOrCreate(dir);
        int threads = 16;
        for (int round = 0; round < 20; round++) {
            String format = "e" + (round % 5 + 1) + "m2";
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Boolean>> wins = new ArrayList<>();
            List<Record> candidates = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Record r = record(format + ":bias=" + round, t);
                candidates.add(r);
                wins.add(pool.submit(() -> {
                    go.await();
                    return s.add(r);
                }));
            }
            go.countDown();
            int won = 0;
            int winner = -1;
            for (int t = 0; t < threads; t++) {
                if (wins.get(t).get()) {
                    won++;
                    winner = t;
                }
            }
            pool.shutdown();
            assertEquals(1, won, "exactly one writer may create the record");
            Record stored = s.record(candidates.get(0).id()).orElseThrow();
            assertEquals(winner, stored.metrics().get("sqnr_db").asInt(), "the stored record is the winner's, whole");
        }
        assertEquals(20, s.records().size());
        try (var files = Files.list(s.recordsDir())) {
            assertEquals(20, files.count(), "no temporary files may be left behind");
        }
    }

    @Test
    void temporaryFilesAreIgnoredAndStaleOnesReported() throws Exception {
        ResultsStore s = ResultsStore.openOrCreate(dir);
        s.add(record("e4m3", 1));
        Path fresh = s.recordsDir().resolve(".0123456789abcdef.json.1234.tmp");
        Path stale = s.recordsDir().resolve(".fedcba9876543210.json.5678.tmp");
        Files.writeString(fresh, "{\"half\": ");
        Files.writeString(stale, "{\"half\": ");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        assertEquals(1, s.records().size());
        assertEquals(1, s.recordIds().size());
        assertEquals(List.of(stale), s.staleTemps(ResultsStore.STALE_TEMP_AGE));
    }

    @Test
    void checkpointsOfFinishedRunsCanBeCleaned() {
        ResultsStore s = ResultsStore.openOrCreate(dir);
        Record done = record("e4m3", 1);
        Record open = record("e2m1", 1);
        Path d1 = s.checkpointDir(done.id());
        Path d2 = s.checkpointDir(open.id());
        assertEquals(dir.resolve("checkpoints").resolve(done.id()).toAbsolutePath(), d1);
        assertTrue(Files.isDirectory(d2));
        s.add(done);
        assertEquals(List.of(d1), s.finishedCheckpoints());
        ResultsStore.deleteTree(d1);
        assertFalse(Files.exists(d1));
        assertTrue(Files.exists(d2));
    }

    @Test
    void failureNotesLastUntilTheRunSucceeds() {
        ResultsStore s = ResultsStore.openOrCreate(dir);
        Record r = record("e4m3", 1);
        s.noteFailure(r.id(), "java.lang.IllegalStateException: boom\n\tat somewhere");
        assertTrue(s.failure(r.id()).orElseThrow().startsWith("java.lang.IllegalStateException: boom"));
        s.add(r);
        assertTrue(s.failure(r.id()).isEmpty());
    }

    @Test
    void clearErrors() throws Exception {
        StoreException e = assertThrows(StoreException.class, () -> ResultsStore.open(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("no results store at"), e.getMessage());
        Files.createDirectories(dir.resolve("other"));
        e = assertThrows(StoreException.class, () -> ResultsStore.open(dir.resolve("other")));
        assertTrue(e.getMessage().contains("is not an exmy results store"), e.getMessage());

        ResultsStore s = ResultsStore.openOrCreate(dir.resolve("s"));
        Files.writeString(s.recordsDir().resolve("0123456789abcdef.json"), "{\"id\": ");
        e = assertThrows(StoreException.class, s::records);
        assertTrue(e.getMessage().contains("0123456789abcdef.json is not valid JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.recordPath("../x"));
    }
}
