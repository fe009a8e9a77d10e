package io.exmy.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's output files written as one: every target gets a temporary file beside it when it is
 * staged (so an unwritable or missing directory fails before any work), the command writes the
 * temporaries, and {@link #commit()} renames them over their targets only once all of them are
 * complete. Closing an uncommitted batch deletes its temporaries, so a command that fails at any
 * point leaves every file that existed before byte for byte as it was, and nothing half-written.
 *
 * <p>Temporary names are short and do not grow with the target's ({@code .exmy-NNN.tmp}), so a target
 * name that the file system accepts never fails for its temporary's sake. The renames of a commit
 * are each atomic; between two of them a crash can leave the first target new and the second old.
 */
public final class OutputBatch implements AutoCloseable {
    /** Prefix of every temporary file exmy writes; stores treat such files as leftovers of dead writers. */
    public static final String TEMP_PREFIX = ".exmy-";
    public static final String TEMP_SUFFIX = ".tmp";

    private final Map<Path, Path> temps = new LinkedHashMap<>();
    private boolean committed;

    /** A batch with one temporary per target, created now. */
    public static OutputBatch of(Path... targets) throws IOException {
        OutputBatch b = new OutputBatch();
        try {
            for (Path t : targets) {
                b.stage(t);
            }
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    /** Stages one more target (a no-op for null, so optional outputs need no branch). */
    public OutputBatch stage(Path target) throws IOException {
        if (target == null) {
            return this;
        }
        Path abs = target.toAbsolutePath().normalize();
        if (temps.containsKey(abs)) {
            throw new IllegalArgumentException(target + " is named twice as an output: give each output its own file");
        }
        if (Files.isDirectory(abs)) {
            // Found now rather than by the rename at commit, which would fail after earlier targets were replaced.
            throw new IOException("cannot write " + target + ": it is a directory; name a file");
        }
        temps.put(abs, createTemp(target, abs.getParent()));
        return this;
    }

    /** A temporary file beside {@code target}: short-named, readable as any other output. */
    static Path createTemp(Path target, Path dir) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": cannot create a file in " + dir + " ("
                    + IoMessages.reason(e) + ")", e);
        }
        AtomicFiles.shareable(tmp);
        return tmp;
    }

    /** Where the content of {@code target} goes until the commit (for writers that need a path or a channel). */
    public Path temp(Path target) {
        Path t = temps.get(target.toAbsolutePath().normalize());
        if (t == null) {
            throw new IllegalStateException(target + " was not staged in this batch");
        }
        return t;
    }

    /** Writes the content of {@code target} (to its temporary) through a buffered stream. */
    public void write(Path target, AtomicFiles.Writer writer) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp(target)), 1 << 20)) {
            writer.write(out);
        }
    }

    /** Renames every temporary over its target, in staging order. */
    public void commit() throws IOException {
        for (Map.Entry<Path, Path> e : temps.entrySet()) {
            try {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    /** The staged targets, in order. */
    public List<Path> targets() {
        return new ArrayList<>(temps.keySet());
    }

    /** Deletes the temporaries of an uncommitted batch (or of a commit that failed half-way). */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Path tmp : temps.values()) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        temps.clear();
        if (first != null && !committed) {
            throw first;
        }
    }
}
