package io.exmy.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} file opened for reading ranges of its elements, at any size: positional reads
 * through one small direct buffer, so memory does not grow with the file and nothing is mapped. The
 * header is checked against the file's size when it is opened ({@link NpyHeader#read}), so every
 * range a caller asks for within {@link #elements()} exists.
 */
public final class NpyReader implements AutoCloseable {
    /** Bytes moved per read call: large enough to stream at disk speed, small enough not to count. */
    private static final int PIECE = 1 << 20;

    private final Path path;
    private final FileChannel ch;
    private final NpyHeader header;
    private final ByteBuffer piece;

    private NpyReader(Path path, FileChannel ch, NpyHeader header) {
        this.path = path;
        this.ch = ch;
        this.header = header;
        this.piece = ByteBuffer.allocateDirect(PIECE)
                .order(header.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens and checks a .npy file; every failure is an IOException whose message names the file. */
    public static NpyReader open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + " is a directory, not a .npy file: give the path of an array saved with numpy.save");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(path + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException(path + " cannot be read (permission denied)", e);
        }
        try {
            return new NpyReader(path, ch, NpyHeader.read(ch, path));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public NpyHeader header() {
        return header;
    }

    public long[] shape() {
        return header.shape().clone();
    }

    public long elements() {
        return header.elements();
    }

    /** The row count of the rows × columns view: all leading dimensions (1 for a scalar or a 1-D array). */
    public long rows() {
        long[] s = header.shape();
        long r = 1;
        for (int i = 0; i < s.length - 1; i++) {
            r *= s[i];
        }
        return r;
    }

    /** The last dimension (1 for a scalar). */
    public long cols() {
        long[] s = header.shape();
        return s.length == 0 ? 1 : s[s.length - 1];
    }

    public boolean isFloat32() {
        return header.descr().equals(NpyArray.F32);
    }

    /** Elements [first, first + n) of a float32 array into dst[off ...]. */
    public void readFloats(long first, float[] dst, int off, int n) throws IOException {
        require(NpyArray.F32, first, n);
        long pos = header.dataOffset() + first * 4;
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, PIECE / 4);
            fill(pos + (long) done * 4, k * 4);
            piece.asFloatBuffer().get(dst, off + done, k);
            done += k;
        }
    }

    /** Elements [first, first + n) of a uint8 array into dst[off ...]. */
    public void readBytes(long first, byte[] dst, int off, int n) throws IOException {
        require(NpyArray.U8, first, n);
        long pos = header.dataOffset() + first;
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, PIECE);
            fill(pos + done, k);
            piece.get(dst, off + done, k);
            done += k;
        }
    }

    private void require(String descr, long first, int n) {
        if (!header.descr().equals(descr)) {
            throw new IllegalStateException(path + " holds " + header.descr() + ", not " + descr);
        }
        if (first < 0 || n < 0 || first + n > header.elements()) {
            throw new IndexOutOfBoundsException("elements [" + first + ", " + (first + n) + ") of " + path + " ("
                    + header.elements() + " elements)");
        }
    }

    /** Reads {@code n} bytes at {@code pos} into the piece buffer, flipped for reading. */
    private void fill(long pos, int n) throws IOException {
        piece.clear().limit(n);
        while (piece.hasRemaining()) {
            if (ch.read(piece, pos + piece.position()) < 0) {
                throw new IOException(path + " became shorter while it was being read");
            }
        }
        piece.flip();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
