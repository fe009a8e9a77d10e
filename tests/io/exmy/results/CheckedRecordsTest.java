package io.exmy.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on records: every change to a record's content is found on read; a damaged
 * record is not a finished run; a copy under another name is refused and reported; records of
 * the format before checksums read as unverified legacy records.
 */
class CheckedRecordsTest {
    @TempDir
    Path dir;

    private ResultsStore store;
    private Record rec;
    private Path file;

    private void setUp() {
        store = ResultsStore.openOrCreate(dir.resolve("store"));
        rec = ResultsStoreTest.record("e4m3", 31.45404554638485);
        store.add(rec);
        file = store.recordPath(rec.id());
    }

    private String text() throws Exception {
        return Files.readString(file);
    }

    private void assertDamaged(String expect) {
        ResultsStore.Lookup l = store.lookup(rec.id());
        assertTrue(l.damaged(), "damaged: " + l);
        assertFalse(store.has(rec.id()), "a damaged record is not a finished run");
        assertTrue(l.problem().contains(expect), l.problem());
        StoreException e = assertThrows(StoreException.class, () -> store.record(rec.id()));
        assertTrue(e.getMessage().startsWith("record " + file + " "), e.getMessage());
        assertTrue(e.getMessage().contains("quarantine/"), "says what to do: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
        e = assertThrows(StoreException.class, store::records);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        StoreAudit.Report r = StoreAudit.run(store, List.of());
        assertEquals(1, r.errors(), r.toString());
        assertEquals(StoreAudit.Problem.DAMAGED, r.findings().get(0).problem());
        assertEquals(file, r.findings().get(0).file());
    }

    @Test
    void aRecordCarriesItsChecksumAndReadsBackVerified() throws Exception {
        setUp();
        assertTrue(text().contains("\"" + Record.CHECKSUM + "\" : \""), text());
        Record back = store.record(rec.id()).orElseThrow();
        assertTrue(back.verified());
        assertEquals(rec.json(), back.json(), "the record in memory is the record read back");
        // another spelling of the same content (an export's compact line, keys reordered) still verifies
        ObjectNode reordered = Json.object();
        List<String> keys = new java.util.ArrayList<>();
        back.json().fieldNames().forEachRemaining(keys::add);
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reordered.set(k, back.json().get(k)));
        assertTrue(Record.parse(Json.compact(reordered).getBytes(StandardCharsets.UTF_8), file).verified());
        assertTrue(StoreAudit.run(store, List.of()).findings().isEmpty());
    }

    @Test
    void anEditedMetricIsFound() throws Exception {
        setUp();
        Files.writeString(file, text().replace("31.45404554638485", "31.45404554638486"));
        assertDamaged("was changed after it was written");
    }

    @Test
    void oneFlippedByteIsFound() throws Exception {
        setUp();
        byte[] b = Files.readAllBytes(file);
        int at = new String(b, StandardCharsets.UTF_8).indexOf("\"cpu\"") + 2;
        b[at] ^= 0x01; // "cpu" -> "cqu": still valid JSON
        Files.write(file, b);
        assertDamaged("was changed after it was written");
    }

    @Test
    void trailingGarbageIsFound() throws Exception {
        setUp();
        Files.writeString(file, text() + "{\"id\": \"x\"}\n");
        assertDamaged("something else after its JSON value");
    }

    @Test
    void aTruncatedRecordIsFound() throws Exception {
        setUp();
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, b.length / 2));
        assertDamaged("is not valid JSON");
    }

    @Test
    void aDuplicatedKeyIsFound() throws Exception {
        setUp();
        Files.writeString(file, text().replace("\"metrics\" : {", "\"metrics\" : { \"sqnr_db\" : 1, "));
        assertDamaged("is not valid JSON");
    }

    @Test
    void aLegacyRecordIsReadUnverifiedAndItsIdStillChecked() throws Exception {
        setUp();
        ObjectNode legacy = rec.json().deepCopy();
        legacy.remove(Record.CHECKSUM);
        Files.write(file, Json.pretty(legacy));
        Record r = store.record(rec.id()).orElseThrow();
        assertFalse(r.verified());
        assertTrue(store.has(rec.id()));
        StoreAudit.Report report = StoreAudit.run(store, List.of());
        assertEquals(0, report.errors());
        assertEquals(1, report.unverified());
        assertEquals(StoreAudit.Problem.UNVERIFIED, report.findings().get(0).problem());
        // a legacy record's configuration is still tied to its id
        ((ObjectNode) legacy.get("config")).put("scale", 2.0);
        Files.write(file, Json.pretty(legacy));
        assertDamaged("its kind and configuration are run");
    }

    @Test
    void aStrayCopyUnderAnotherNameIsRefusedAndReported() throws Exception {
        setUp();
        Path copy = store.recordsDir().resolve("0000000000000000.json");
        Files.copy(file, copy);
        StoreException e = assertThrows(StoreException.class, store::records);
        assertTrue(e.getMessage().contains("run " + rec.id() + " is recorded twice") && e.getMessage().contains(copy.toString())
                && e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(store.has("0000000000000000"), "the copy is not run 0000000000000000's record");
        Path other = store.recordsDir().resolve("copy of a record.json");
        Files.copy(file, other);
        StoreAudit.Report r = StoreAudit.run(store, List.of());
        assertEquals(List.of(StoreAudit.Problem.DUPLICATE, StoreAudit.Problem.STRAY),
                r.findings().stream().map(StoreAudit.Finding::problem).sorted().toList());
        // without the original, the copy is misnamed
        Files.delete(file);
        r = StoreAudit.run(store, List.of());
        assertTrue(r.findings().stream().anyMatch(f -> f.problem() == StoreAudit.Problem.MISNAMED && f.file().equals(copy)),
                r.toString());
    }

    @Test
    void aDamagedRecordIsMovedToQuarantine() throws Exception {
        setUp();
        Files.writeString(file, "garbage");
        Path moved = store.quarantine(file).orElseThrow();
        assertFalse(Files.exists(file));
        assertEquals("garbage", Files.readString(moved));
        assertTrue(moved.startsWith(store.quarantineDir().resolve("records")), moved.toString());
        assertTrue(moved.getFileName().toString().startsWith(rec.id() + ".json."), moved.toString());
        assertTrue(store.quarantine(file).isEmpty(), "gone already: another process moved it");
        assertEquals(1, StoreAudit.run(store, List.of()).checked().get("files in quarantine"));
    }

    @Test
    void theCheckpointsOfARunWithADamagedRecordAreNotCleaned() throws Exception {
        setUp();
        store.checkpointDir(rec.id());
        assertEquals(1, store.finishedCheckpoints().size());
        Files.writeString(file, text().substring(0, 40));
        assertTrue(store.finishedCheckpoints().isEmpty(), "a damaged record is no finished run");
    }
}
