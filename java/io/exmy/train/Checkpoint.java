package io.exmy.train;

import io.exmy.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A training run's complete state after {@code step} optimizer steps: parameters, both AdamW
 * moments, the loss curve so far and the run's clocks. The data position is the step itself
 * (batches are a function of seed and step, see {@link io.exmy.data.BatchSampler}) and nothing
 * else is random, so resuming from a checkpoint continues with exactly the bits an uninterrupted
 * run computes. Written atomically (temporary file, then rename); a {@code fingerprint} of the
 * run's configuration guards against resuming another run's state.
 */
public record Checkpoint(String fingerprint, int step, float[] params, float[] m, float[] v, LossCurve curve,
                         double trainSeconds) {
    static final long MAGIC = 0x45584d59434b5054L; // "EXMYCKPT"
    static final int VERSION = 1;
    public static final String FILE = "checkpoint.bin";

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(step);
            out.writeDouble(trainSeconds);
            writeFloats(out, params);
            writeFloats(out, m);
            writeFloats(out, v);
            curve.write(out);
            out.writeLong(MAGIC); // end marker: a file cut short cannot pass for a checkpoint
            out.flush();
        });
    }

    /** The checkpoint in {@code file}, or empty if there is none; a damaged or foreign file is an error. */
    public static Optional<Checkpoint> read(Path file, String expectedFingerprint) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not an exmy checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " is a version " + version + " checkpoint; this build reads version " + VERSION);
            }
            String fp = in.readUTF();
            if (!fp.equals(expectedFingerprint)) {
                throw new IOException(file + " belongs to another configuration (" + fp + ", this run is "
                        + expectedFingerprint + "): delete it to start afresh");
            }
            int step = in.readInt();
            double seconds = in.readDouble();
            float[] p = readFloats(in);
            float[] m = readFloats(in);
            float[] v = readFloats(in);
            LossCurve curve = LossCurve.read(in);
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is damaged (no end marker)");
            }
            return Optional.of(new Checkpoint(fp, step, p, m, v, curve, seconds));
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(a);
        out.write(bb.array());
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative array length in checkpoint");
        }
        byte[] b = new byte[Math.multiplyExact(n, 4)];
        in.readFully(b);
        float[] a = new float[n];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
        return a;
    }
}
