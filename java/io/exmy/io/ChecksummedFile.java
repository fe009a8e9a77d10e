package io.exmy.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Binary files that carry a checksum of their content: the content, then a 4-byte big-endian
 * CRC32C of every byte before it. Written atomically (a temporary file renamed into place);
 * {@link #verify} reads the file once and compares, so a reader knows the bytes are the ones
 * written before it parses a single length field.
 */
public final class ChecksummedFile {
    /** Bytes of the trailer (the CRC32C). */
    public static final int TRAILER = 4;

    private ChecksummedFile() {
    }

    /** Writes {@code content} and its CRC32C atomically; {@code content} must flush what it wraps. */
    public static void write(Path target, AtomicFiles.Writer content) throws IOException {
        AtomicFiles.write(target, raw -> {
            CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
            content.write(checked);
            checked.flush();
            raw.write(ByteBuffer.allocate(TRAILER).putInt((int) checked.getChecksum().getValue()).array());
        });
    }

    /**
     * Checks that the last 4 bytes are the CRC32C of the rest; otherwise a
     * {@link DamagedFileException} whose message begins with {@code what} (e.g. "checkpoint").
     */
    public static void verify(Path file, String what) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < TRAILER) {
                throw new DamagedFileException(what, file, "is damaged: " + size
                        + " bytes, too short to hold a checksum");
            }
            long content = size - TRAILER;
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            long pos = 0;
            while (pos < content) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), content - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                buf.flip();
                crc.update(buf);
                pos += n;
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
            while (trailer.hasRemaining() && ch.read(trailer, content + trailer.position()) >= 0) {
                // read the 4 bytes
            }
            int stored = trailer.getInt(0);
            if (pos != content || stored != (int) crc.getValue()) {
                throw new DamagedFileException(what, file, "is damaged: its checksum does not match its content (the"
                        + " file changed after it was written)");
            }
        }
    }

    /** The file's content without the trailer, after {@link #verify}ing it. */
    public static LimitedInput openVerified(Path file, String what) throws IOException {
        verify(file, what);
        return new LimitedInput(Files.newInputStream(file), Files.size(file) - TRAILER);
    }

    /** A stream of at most {@code limit} bytes of another, that knows how many are left. */
    public static final class LimitedInput extends java.io.FilterInputStream {
        private long remaining;

        public LimitedInput(InputStream in, long limit) {
            super(new java.io.BufferedInputStream(in, 1 << 20));
            this.remaining = limit;
        }

        public long remaining() {
            return remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, remaining));
            remaining -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
