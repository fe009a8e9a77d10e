package io.exmy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download, checksum and extraction path, with a local fake tarball in place of npm. */
class SotuCorpusTest {
    @TempDir
    Path tmp;

    private static byte[] fakePackage() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        // archive order differs from name order on purpose: the corpus sorts by name
        files.put("package/data/1791_george_washington_n.txt", "Second.".getBytes(StandardCharsets.UTF_8));
        files.put("package/data/1790_george_washington_n.txt", "First.".getBytes(StandardCharsets.UTF_8));
        files.put("package/data/1790_george_washington_n.json", "{\"no\": 1}".getBytes(StandardCharsets.UTF_8));
        files.put("package/README.md", "readme".getBytes(StandardCharsets.UTF_8));
        files.put("package/data/sub/1999_x.txt", "nested: not a corpus file".getBytes(StandardCharsets.UTF_8));
        return FakeTarball.of(files);
    }

    private static SotuCorpus.Fetcher serving(byte[] tgz, AtomicInteger calls) {
        return dir -> {
            calls.incrementAndGet();
            Files.write(dir.resolve(SotuCorpus.TARBALL), tgz);
        };
    }

    @Test
    void fetchesVerifiesAndConcatenatesTextFilesInNameOrder() throws Exception {
        byte[] tgz = fakePackage();
        Path f = tmp.resolve("t.tgz");
        Files.write(f, tgz);
        String sha = SotuCorpus.sha256(f);
        AtomicInteger calls = new AtomicInteger();
        SotuCorpus c = new SotuCorpus(tmp.resolve("cache"), serving(tgz, calls), sha);
        assertArrayEquals("First.\nSecond.\n".getBytes(StandardCharsets.UTF_8), c.bytes());
        assertEquals(1, calls.get());
        // second use: from the cache, no fetch
        assertArrayEquals("First.\nSecond.\n".getBytes(StandardCharsets.UTF_8), c.bytes());
        assertEquals(1, calls.get());
        assertEquals("sotu", c.id());
    }

    @Test
    void wrongChecksumIsRefusedAndTheTarballMovedAside() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SotuCorpus c = new SotuCorpus(tmp, serving(fakePackage(), calls), SotuCorpus.TARBALL_SHA256);
        DataUnavailableException e = assertThrows(DataUnavailableException.class, c::bytes);
        assertTrue(e.getMessage().contains("expected " + SotuCorpus.TARBALL_SHA256), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("sotu").resolve(SotuCorpus.TARBALL)));
        assertTrue(Files.exists(tmp.resolve("sotu").resolve(SotuCorpus.TARBALL + ".bad")));
        // the next attempt fetches again instead of trusting the bad file
        assertThrows(DataUnavailableException.class, c::bytes);
        assertEquals(2, calls.get());
    }

    @Test
    void aCorruptedCachedTarballIsDetected() throws Exception {
        byte[] tgz = fakePackage();
        Path f = tmp.resolve("t.tgz");
        Files.write(f, tgz);
        String sha = SotuCorpus.sha256(f);
        AtomicInteger calls = new AtomicInteger();
        SotuCorpus c = new SotuCorpus(tmp.resolve("cache"), serving(tgz, calls), sha);
        c.bytes();
        Path cached = tmp.resolve("cache").resolve("sotu").resolve(SotuCorpus.TARBALL);
        byte[] bad = Files.readAllBytes(cached);
        bad[bad.length / 2] ^= 1;
        Files.write(cached, bad);
        assertThrows(DataUnavailableException.class, c::bytes);
    }

    @Test
    void aFailingFetchSaysWhatToDo() {
        SotuCorpus c = new SotuCorpus(tmp, dir -> {
            throw new IOException("network is unreachable");
        }, SotuCorpus.TARBALL_SHA256);
        DataUnavailableException e = assertThrows(DataUnavailableException.class, c::bytes);
        assertTrue(e.getMessage().contains("network is unreachable"), e.getMessage());
        SotuCorpus none = new SotuCorpus(tmp, dir -> {
        }, SotuCorpus.TARBALL_SHA256);
        assertTrue(assertThrows(DataUnavailableException.class, none::bytes).getMessage().contains("produced no"));
    }

    @Test
    void aTruncatedArchiveIsAnError() throws Exception {
        byte[] tgz = fakePackage();
        byte[] cut = java.util.Arrays.copyOf(tgz, tgz.length / 2);
        Path f = tmp.resolve("t.tgz");
        Files.write(f, cut);
        String sha = SotuCorpus.sha256(f);
        SotuCorpus c = new SotuCorpus(tmp.resolve("cache"), dir -> Files.write(dir.resolve(SotuCorpus.TARBALL), cut), sha);
        assertThrows(DataUnavailableException.class, c::bytes);
    }
}
