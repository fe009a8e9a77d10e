package io.exmy.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file completely or not at all: into a temporary file beside the target, then renamed
 * over it. A crash, a full disk or an exception leaves the old file (or none), never half a file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a file's content. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + IoErrors.describe(e)
                    + " (is the directory writable?)", e);
        }
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                writer.write(out);
            }
            shareable(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Temporary files are created readable by their owner only; results, plots and tensors are
     * meant to be shared like any other output, so they get the usual rw-r--r--.
     */
    static void shareable(Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Like {@link #write}, but only creates: if the target exists (or another process creates it
     * first) nothing is changed and the result is false. For append-only stores with many writers
     * on a shared file system: the complete temporary file is hard-linked to the target name, which
     * fails atomically if the name is taken (rename would silently replace it). The content is
     * forced to disk first so that a node crash cannot leave the name pointing at a hole.
     */
    public static boolean createNew(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        if (Files.exists(abs)) {
            return false;
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            shareable(tmp);
            try {
                Files.createLink(abs, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                // No hard links here (some FUSE and SMB mounts): a rename without REPLACE_EXISTING checks, then renames, so two
                // writers racing within that window could both "win"; the later one's content stays.
                try {
                    Files.move(tmp, abs);
                    return true;
                } catch (FileAlreadyExistsException e2) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
