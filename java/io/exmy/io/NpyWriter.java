package io.exmy.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} file written element by element in order, at any size: numpy.save's header, then
 * the data through one small direct buffer. It writes into a fresh, empty file (an
 * {@link OutputBatch} temporary) and skips pieces that are all zero bytes, leaving holes that read
 * back as zeros, so a sparse result costs no disk. {@link #finish} checks that every element the
 * header promises was written.
 */
public final class NpyWriter implements AutoCloseable {
    private static final int PIECE = 1 << 16;
    /** Compared with each piece by {@link ByteBuffer#mismatch}, which the JDK vectorizes. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PIECE).asReadOnlyBuffer();

    private final Path name;
    private final FileChannel ch;
    private final String descr;
    private final long elements;
    private final long end;
    private final ByteBuffer piece = ByteBuffer.allocateDirect(PIECE).order(ByteOrder.LITTLE_ENDIAN);
    private long written;
    private long pos;

    private NpyWriter(Path name, FileChannel ch, String descr, long[] shape) throws IOException {
        this.name = name;
        this.ch = ch;
        this.descr = descr;
        this.elements = NpyArray.elements(shape);
        byte[] header = NpyHeader.encode(descr, shape);
        this.end = header.length + Math.multiplyExact(elements, descr.equals(NpyArray.F32) ? 4L : 1L);
        writeFully(ByteBuffer.wrap(header), 0);
        this.pos = header.length;
    }

    /** A writer of the staged output {@code target} of {@code batch}; errors name the target. */
    public static NpyWriter staged(OutputBatch batch, Path target, String descr, long... shape) throws IOException {
        FileChannel ch = FileChannel.open(batch.temp(target), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new NpyWriter(target, ch, descr, shape);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends float32 values. */
    public void write(float[] src, int off, int n) throws IOException {
        require(NpyArray.F32, n);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, PIECE / 4);
            piece.clear();
            piece.asFloatBuffer().put(src, off + done, k);
            piece.limit(k * 4);
            put();
            done += k;
        }
        written += n;
    }

    /** Appends uint8 values. */
    public void write(byte[] src, int off, int n) throws IOException {
        require(NpyArray.U8, n);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, PIECE);
            piece.clear();
            piece.put(src, off + done, k).flip();
            put();
            done += k;
        }
        written += n;
    }

    private void require(String d, int n) {
        if (!descr.equals(d)) {
            throw new IllegalStateException(name + " is written as " + descr + ", not " + d);
        }
        if (written + n > elements) {
            throw new IllegalStateException(name + ": " + (written + n) + " elements written, the shape holds " + elements);
        }
    }

    private void put() throws IOException {
        int n = piece.remaining();
        if (!allZero()) {
            writeFully(piece, pos);
        }
        pos += n;
    }

    private boolean allZero() {
        return piece.mismatch(ZEROS.duplicate().limit(piece.remaining())) < 0;
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        try {
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    /** Checks that the data is complete and gives the file its full length (a skipped tail is a hole). */
    public void finish() throws IOException {
        if (written != elements) {
            throw new IllegalStateException(name + ": " + written + " of " + elements + " elements written");
        }
        if (ch.size() < end) {
            writeFully(ByteBuffer.wrap(new byte[1]), end - 1);
        }
        ch.close();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
