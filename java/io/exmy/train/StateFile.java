package io.exmy.train;

import io.exmy.io.ChecksummedFile;
import io.exmy.io.DamagedFileException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The frame shared by checkpoints and model snapshots: an 8-byte magic, a 4-byte format version,
 * the body, the magic again as an end marker and (from version 2) a CRC32C of every byte before it
 * ({@link ChecksummedFile}). A version-2 file is verified before a byte of it is parsed; a version-1
 * file (written before checksums) is read unverified, with every length checked against the bytes
 * that are left. Whatever is wrong is a {@link DamagedFileException} naming the file.
 */
final class StateFile {
    static final int VERSION = 2;
    /** Files written before checksums: readable, not verifiable. */
    static final int LEGACY = 1;

    /** Writes the body of a state file. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private StateFile() {
    }

    static void write(Path file, long magic, Body body) throws IOException {
        ChecksummedFile.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeLong(magic);
            out.writeInt(VERSION);
            body.write(out);
            out.writeLong(magic); // end marker
            out.flush();
        });
    }

    /** A state file open for reading its body: checks lengths against what is left, and the end. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final String what;
        private final int version;
        private final ChecksummedFile.LimitedInput limited;
        final DataInputStream in;

        private Reader(Path file, String what, int version, ChecksummedFile.LimitedInput limited) {
            this.file = file;
            this.what = what;
            this.version = version;
            this.limited = limited;
            this.in = new DataInputStream(limited);
        }

        int version() {
            return version;
        }

        /** Whether the content was checked against its checksum (false for a legacy file). */
        boolean verified() {
            return version >= VERSION;
        }

        DamagedFileException damaged(String problem) {
            return new DamagedFileException(what, file, "is damaged: " + problem);
        }

        /** A length field that must fit in what is left of the file at {@code bytesEach} bytes per item. */
        int length(String name, long bytesEach) throws IOException {
            int n = in.readInt();
            if (n < 0 || (long) n * bytesEach > limited.remaining()) {
                throw damaged(name + " length " + n + " does not fit in the " + limited.remaining() + " bytes left");
            }
            return n;
        }

        float[] floats(String name) throws IOException {
            int n = length(name, 4);
            byte[] b = new byte[Math.multiplyExact(n, 4)];
            in.readFully(b);
            float[] a = new float[n];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
            return a;
        }

        String utf(String name) throws IOException {
            try {
                return in.readUTF();
            } catch (UTFDataFormatException e) {
                throw damaged(name + " is not valid text");
            }
        }

        /** The end marker, and nothing after it. */
        void end(long magic) throws IOException {
            if (in.readLong() != magic) {
                throw damaged("no end marker where the content should end");
            }
            if (limited.remaining() != 0) {
                throw damaged(limited.remaining() + " bytes after the end marker");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** What a file's header says: for {@code exmy results verify} and for choosing how to read it. */
    record Header(long magic, int version) {
    }

    static Header header(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            return new Header(in.readLong(), in.readInt());
        } catch (EOFException e) {
            return new Header(0, 0);
        }
    }

    /**
     * Opens a state file of kind {@code what} ("checkpoint") after checking its magic, version and
     * (version 2) checksum; the reader stands after the version.
     */
    static Reader open(Path file, long magic, String what, String written) throws IOException {
        Header h = header(file);
        if (h.magic() != magic) {
            throw new DamagedFileException(what, file, "is damaged or not an exmy " + what + " (" + written + ")");
        }
        ChecksummedFile.LimitedInput body;
        if (h.version() == VERSION) {
            body = ChecksummedFile.openVerified(file, what);
        } else if (h.version() == LEGACY) {
            body = new ChecksummedFile.LimitedInput(Files.newInputStream(file), Files.size(file));
        } else {
            throw new DamagedFileException(what, file, "is damaged or of a newer exmy: format version " + h.version()
                    + ", this build reads " + LEGACY + " and " + VERSION);
        }
        Reader r = new Reader(file, what, h.version(), body);
        try {
            r.in.readLong();
            r.in.readInt();
        } catch (IOException e) {
            r.close();
            throw e;
        }
        return r;
    }
}
