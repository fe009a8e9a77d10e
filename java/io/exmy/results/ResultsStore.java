package io.exmy.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.io.AtomicFiles;
import io.exmy.io.IoMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A directory of run records, append-only and safe for many writers on a shared file system.
 *
 * <pre>
 * DIR/store.json                 marker: {"exmy_store": 1}
 * DIR/records/ID.json            one finished run each, created atomically, never rewritten
 * DIR/failures/ID.json           last failure of a run that has no record (replaced on each failure)
 * DIR/checkpoints/ID/            a resumable run's checkpoints (the run kind writes there)
 * DIR/models/ID/                 models a run keeps for later use (train's save_at snapshots; never pruned)
 * DIR/claims/ID.lock             the lock of the process computing run ID ({@link RunClaims})
 * DIR/quarantine/                damaged records and checkpoints, moved aside with a time stamp
 * DIR/submissions/SUB/           Slurm submissions: manifest.json, job.sh, logs/
 * </pre>
 *
 * A record is written to a temporary file and hard-linked to its name, which fails if the name
 * exists: of several writers of one run exactly one succeeds, and a killed writer leaves at most a
 * dot-file ending in {@code .tmp}, which readers ignore. Every read checks the record
 * ({@link Record#parse}); a run counts as done only when its record file holds a sound record of
 * that run.
 */
public final class ResultsStore {
    public static final String DEFAULT_DIR = "exmy-results";
    public static final int FORMAT = 1;
    /** Records take milliseconds to write: a temporary file this old belongs to a dead writer. */
    public static final Duration STALE_TEMP_AGE = Duration.ofMinutes(5);

    private final Path dir;

    private ResultsStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Whether {@code dir} is the top of a results store (it holds the store marker). Commands refuse
     * to write their own outputs anywhere inside one.
     */
    public static boolean isStore(Path dir) {
        Path marker = dir.resolve("store.json");
        try {
            return Files.isRegularFile(marker) && Files.size(marker) < 4096
                    && Files.readString(marker).contains("\"exmy_store\"");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Opens an existing store. */
    public static ResultsStore open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StoreException("no results store at " + dir + " (run a sweep first, or pass --store DIR)");
        }
        if (!Files.isRegularFile(dir.resolve("store.json")) && !Files.isDirectory(dir.resolve("records"))) {
            throw new StoreException(dir + " is not an exmy results store (it has no store.json and no records/)");
        }
        ResultsStore s = new ResultsStore(dir);
        s.checkFormat();
        return s;
    }

    /** Opens a store, creating it (race-free with other processes doing the same) if needed. */
    public static ResultsStore openOrCreate(Path dir) {
        ResultsStore s = new ResultsStore(dir);
        try {
            Files.createDirectories(s.recordsDir());
            ObjectNode marker = Json.object();
            marker.put("exmy_store", FORMAT);
            AtomicFiles.createNew(s.dir.resolve("store.json"), out -> out.write(Json.pretty(marker)));
        } catch (IOException e) {
            throw new StoreException("cannot create results store " + dir + ": " + io.exmy.io.IoMessages.describe(e), e);
        }
        s.checkFormat();
        return s;
    }

    private void checkFormat() {
        Path marker = dir.resolve("store.json");
        if (!Files.isRegularFile(marker)) {
            return;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(marker.toFile());
            int f = n == null ? -1 : n.path("exmy_store").asInt(-1);
            if (f != FORMAT) {
                throw new StoreException(marker + " says store format " + f + "; this exmy reads format " + FORMAT);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + marker + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path recordsDir() {
        return dir.resolve("records");
    }

    public Path failuresDir() {
        return dir.resolve("failures");
    }

    public Path checkpointsDir() {
        return dir.resolve("checkpoints");
    }

    public Path submissionsDir() {
        return dir.resolve("submissions");
    }

    public Path quarantineDir() {
        return dir.resolve("quarantine");
    }

    /** The per-run claims of this store. */
    public RunClaims claims() {
        return new RunClaims(dir.resolve("claims"));
    }

    public Path recordPath(String id) {
        if (!RunId.isValid(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a run id (16 lowercase hex digits)");
        }
        return recordsDir().resolve(id + ".json");
    }

    /**
     * What the record file of run {@code id} holds: nothing, a record of that run (verified or
     * legacy), or something damaged (not a record, changed after it was written, or another run's
     * record under this name: {@code problem} says what, as a phrase after the file name).
     */
    public record Lookup(Record record, Path file, String problem) {
        public boolean done() {
            return record != null;
        }

        public boolean damaged() {
            return problem != null;
        }

        /** For errors: the file, what is wrong with it and what to do. */
        public String message() {
            return "record " + file + " " + problem + Record.FIX;
        }
    }

    public Lookup lookup(String id) {
        Path p = recordPath(id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return new Lookup(null, p, null);
        } catch (IOException e) {
            throw new StoreException("cannot read record " + p + ": " + IoMessages.describe(e), e);
        }
        Record.Parsed parsed = Record.inspect(bytes);
        if (parsed.problem() != null) {
            return new Lookup(null, p, parsed.problem());
        }
        if (!parsed.record().id().equals(id)) {
            return new Lookup(null, p, "holds run " + parsed.record().id() + ", not run " + id
                    + " (a copy under another name?)");
        }
        return new Lookup(parsed.record(), p, null);
    }

    /** Whether run {@code id} is done: its record file holds a sound record of it (a damaged one does not count). */
    public boolean has(String id) {
        return lookup(id).done();
    }

    /** The record of run {@code id}, if it has one; a damaged record file is an error that names it. */
    public Optional<Record> record(String id) {
        Lookup l = lookup(id);
        if (l.damaged()) {
            throw new StoreException(l.message());
        }
        return Optional.ofNullable(l.record());
    }

    /**
     * Adds a record unless one with its id exists. True if this call wrote it; false if it was
     * already there (another task finished the same run first: the caller's result is dropped).
     */
    public boolean add(Record r) {
        try {
            Files.createDirectories(recordsDir());
            boolean created = AtomicFiles.createNew(recordPath(r.id()), out -> out.write(r.toBytes()));
            if (created) {
                Files.deleteIfExists(failuresDir().resolve(r.id() + ".json"));
            }
            return created;
        } catch (IOException e) {
            throw new StoreException("cannot write record " + recordPath(r.id()) + ": " + e.getMessage(), e);
        }
    }

    /** The names (ids) of all record files, sorted, unchecked: {@link #has} says whether one is a sound record. */
    public Set<String> recordIds() {
        Set<String> ids = new TreeSet<>();
        for (Path p : recordFiles()) {
            String n = p.getFileName().toString();
            ids.add(n.substring(0, n.length() - ".json".length()));
        }
        return ids;
    }

    /**
     * All records, by id. Every one is checked: a damaged record, or a record filed under a name
     * that is not its id (a stray copy: the same run twice), is an error naming the file(s).
     */
    public List<Record> records() {
        List<Record> out = new ArrayList<>();
        for (Path p : recordFiles()) {
            Record r;
            try {
                r = Record.parse(Files.readAllBytes(p), p);
            } catch (IOException e) {
                throw new StoreException("cannot read record " + p + ": " + IoMessages.describe(e), e);
            }
            if (!p.getFileName().toString().equals(r.id() + ".json")) {
                Path own = recordPath(r.id());
                throw new StoreException("run " + r.id() + " is recorded twice: in " + p + (Files.exists(own)
                        ? " and in " + own + "; " + p.getFileName() + " is a stray copy: delete it"
                        : ", a file named after another run; rename it to " + own.getFileName() + " or move it away"));
            }
            out.add(r);
        }
        return out;
    }

    private List<Path> recordFiles() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(recordsDir())) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(recordsDir(), "*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (RunId.isValid(n.substring(0, n.length() - ".json".length()))) {
                    files.add(p); // skips .ID.json.NNN.tmp temporaries and anything else put here
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + recordsDir() + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    public Path modelsDir() {
        return dir.resolve("models");
    }

    /**
     * A run's directory of kept models (e.g. the training snapshots that post-training
     * quantization reads), created if needed. Unlike checkpoints, {@code exmy results clean} leaves
     * them alone: they are results, not resumption state.
     */
    public Path modelDir(String id) {
        return runDir(modelsDir(), id, "model directory");
    }

    /** A run's checkpoint directory, created if needed; the run kind decides what goes in it. */
    public Path checkpointDir(String id) {
        return runDir(checkpointsDir(), id, "checkpoint directory");
    }

    private Path runDir(Path parent, String id, String what) {
        if (!RunId.isValid(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a run id");
        }
        Path d = parent.resolve(id);
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new StoreException("cannot create " + what + " " + d + ": " + parent + " is a file, not a directory"
                    + " (move it away, or use another store)");
        }
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new StoreException("cannot create " + what + " " + d + ": " + IoMessages.describe(e) + " (make "
                    + parent + " a writable directory, or use another store)", e);
        }
        return d;
    }

    /** Checkpoint directories of runs that have a record: they will not be resumed again. */
    public List<Path> finishedCheckpoints() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(checkpointsDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpointsDir())) {
            for (Path p : ds) {
                String id = p.getFileName().toString();
                if (RunId.isValid(id) && Files.isDirectory(p) && has(id)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + checkpointsDir() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Temporary files left by writers that died mid-write (older than {@code age}). */
    public List<Path> staleTemps(Duration age) {
        List<Path> out = new ArrayList<>();
        Instant cutoff = Instant.now().minus(age);
        for (Path d : List.of(dir, recordsDir(), failuresDir())) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, ".*.tmp")) {
                for (Path p : ds) {
                    try {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                            out.add(p);
                        }
                    } catch (NoSuchFileException e) {
                        // its writer just finished
                    }
                }
            } catch (IOException e) {
                throw new StoreException("cannot list " + d + ": " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Moves a damaged file of this store (a record, a checkpoint) to {@code quarantine/}, under its
     * path in the store with a UTC time stamp appended, kept for inspection; readers never look
     * there. Empty if the file was gone already (another process moved it).
     */
    public Optional<Path> quarantine(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(dir) || abs.startsWith(quarantineDir())) {
            throw new IllegalArgumentException(file + " is not a file of store " + dir);
        }
        String stamp = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString().replace(":", "");
        Path target = quarantineDir().resolve(dir.relativize(abs).toString() + "." + stamp);
        try {
            Files.createDirectories(target.getParent());
            for (int n = 2; ; n++) {
                try {
                    Files.move(abs, target);
                    return Optional.of(target);
                } catch (FileAlreadyExistsException e) {
                    target = target.resolveSibling(abs.getFileName() + "." + stamp + "-" + n);
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot move the damaged file " + file + " to " + target + ": " + IoMessages.describe(e)
                    + "; delete it by hand", e);
        }
    }

    /** Deletes a directory tree (a finished run's checkpoints). */
    public static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Notes why a run failed, for status; a later success removes the note. */
    public void noteFailure(String id, String message) {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("message", message);
        n.put("time", Instant.now().toString());
        n.put("host", Provenance.hostName());
        String job = Provenance.slurmJob(System.getenv());
        if (job != null) {
            n.put("slurm_job", job);
        }
        try {
            Files.createDirectories(failuresDir());
            AtomicFiles.write(failuresDir().resolve(recordPath(id).getFileName()), out -> out.write(Json.pretty(n)));
        } catch (IOException e) {
            throw new StoreException("cannot write failure note for run " + id + ": " + e.getMessage(), e);
        }
    }

    /** The message of a run's last failure, if it has no record and failed before. */
    public Optional<String> failure(String id) {
        Path p = failuresDir().resolve(id + ".json");
        try {
            return Optional.of(Json.MAPPER.readTree(Files.readAllBytes(p)).path("message").asText());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("(unreadable failure note " + p + ")");
        }
    }
}
