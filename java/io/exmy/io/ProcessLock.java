package io.exmy.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An exclusive lock on a file held by this process: an operating-system lock ({@link FileChannel#tryLock},
 * fcntl on Linux, through lockd on NFS), so the system releases it when the process ends in any way,
 * SIGKILL included. The file holds the holder's pid, host and start time for messages.
 *
 * <p>POSIX locks belong to a process, not to a channel, and closing any channel on the file drops
 * them all; so within this JVM a lock file is opened by one channel at a time, guarded by a table
 * of the files this process is locking or probing. Another thread asking for a lock this process
 * holds is told it is held (with this process as the holder), never given an overlapping lock.
 */
public final class ProcessLock implements AutoCloseable {
    /** Who holds a lock: a process on a host since a moment (fields may be unknown: -1, "?", null). */
    public record Holder(long pid, String host, Instant since) {
        static Holder current() {
            return new Holder(ProcessHandle.current().pid(), HostName.get(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }

        /** E.g. {@code pid 4242 on node17 since 2026-11-25T18:10:36Z}. */
        public String describe() {
            boolean me = pid == ProcessHandle.current().pid() && HostName.get().equals(host);
            return "pid " + (pid < 0 ? "?" : pid) + " on " + host + " since " + (since == null ? "?" : since)
                    + (me ? " (this process)" : "");
        }

        String text() {
            return "pid " + pid + "\nhost " + host + "\nsince " + since + "\n";
        }

        static Holder parse(String text) {
            long pid = -1;
            String host = "?";
            Instant since = null;
            for (String line : text.split("\n")) {
                String[] kv = line.trim().split(" ", 2);
                if (kv.length < 2) {
                    continue;
                }
                try {
                    switch (kv[0]) {
                        case "pid" -> pid = Long.parseLong(kv[1].trim());
                        case "host" -> host = kv[1].trim();
                        case "since" -> since = Instant.parse(kv[1].trim());
                        default -> {
                        }
                    }
                } catch (NumberFormatException | DateTimeParseException e) {
                    // written half-way by its holder: leave the field unknown
                }
            }
            return new Holder(pid, host, since);
        }
    }

    private static final Map<Path, Holder> OPEN_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;
    private boolean closed;

    private ProcessLock(Path file, FileChannel channel, FileLock lock, Holder holder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** The lock, or empty when another process or another thread of this one holds it. Creates the file. */
    public static Optional<ProcessLock> tryAcquire(Path file) throws IOException {
        Attempt a = attempt(key(file), true);
        return Optional.ofNullable(a.lock);
    }

    /** Who holds the lock on {@code file}, if anyone (this process included); never takes it for long. */
    public static Optional<Holder> holder(Path file) throws IOException {
        Path key = key(file);
        if (!Files.exists(key) && !OPEN_HERE.containsKey(key)) {
            return Optional.empty();
        }
        Attempt a;
        try {
            a = attempt(key, false);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // its last holder deleted it just now
        }
        if (a.lock != null) {
            a.lock.close();
            return Optional.empty();
        }
        return Optional.of(a.holder);
    }

    /**
     * Waits until the lock is free and takes it, polling every {@code pollMillis}; {@code waiting}
     * hears once who holds it, if anyone does when this starts.
     */
    public static ProcessLock await(Path file, long pollMillis, Consumer<Holder> waiting)
            throws IOException, InterruptedException {
        Path key = key(file);
        boolean told = false;
        while (true) {
            Attempt a = attempt(key, true);
            if (a.lock != null) {
                return a.lock;
            }
            if (!told) {
                waiting.accept(a.holder);
                told = true;
            }
            Thread.sleep(pollMillis);
        }
    }

    public Path file() {
        return file;
    }

    public Holder holder() {
        return holder;
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() {
        release(false);
    }

    /**
     * Deletes the file, then releases the lock. Only for a lock whose purpose is over for good: a
     * process that opened the old file before the deletion still gets a lock, on a file no one
     * else will open again, so whatever it guards must be checked again after locking.
     */
    public void closeAndDelete() {
        release(true);
    }

    private synchronized void release(boolean delete) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (delete) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // the lock is released below all the same; a file left behind is harmless
        }
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            // closing a channel we only locked: nothing to do
        } finally {
            OPEN_HERE.remove(file, holder);
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private record Attempt(ProcessLock lock, Holder holder) {
    }

    private static Attempt attempt(Path key, boolean claim) throws IOException {
        Holder me = Holder.current();
        Holder here = OPEN_HERE.putIfAbsent(key, me);
        if (here != null) {
            return new Attempt(null, here);
        }
        FileChannel ch = null;
        try {
            if (claim) {
                Files.createDirectories(key.getParent());
                ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } else {
                ch = FileChannel.open(key, StandardOpenOption.READ); // a probe: a shared lock needs no write access
            }
            FileLock lock;
            try {
                lock = claim ? ch.tryLock() : ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                lock = null; // locked through a channel this table does not know (another path to the file)
            }
            if (lock == null) {
                Holder other = Holder.parse(read(ch));
                ch.close();
                OPEN_HERE.remove(key, me);
                return new Attempt(null, other);
            }
            if (claim) {
                byte[] text = me.text().getBytes(StandardCharsets.UTF_8);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(text), 0);
            }
            return new Attempt(new ProcessLock(key, ch, lock, me), me);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            OPEN_HERE.remove(key, me);
            throw e;
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(4096, ch.size()));
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read what the holder wrote
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
