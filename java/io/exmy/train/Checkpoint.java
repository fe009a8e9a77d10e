package io.exmy.train;

import io.exmy.io.DamagedFileException;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A training run's complete state after {@code step} optimizer steps: parameters, both AdamW
 * moments, the loss curve so far and the run's clocks. The data position is the step itself
 * (batches are a function of seed and step, see {@link io.exmy.data.BatchSampler}) and nothing
 * else is random, so resuming from a checkpoint continues with exactly the bits an uninterrupted
 * run computes. Written atomically with a CRC32C of its content ({@link StateFile}, format 2); a
 * {@code fingerprint} of the run's configuration guards against resuming another run's state.
 * {@code verified} is false for a checkpoint of format 1, read without a checksum.
 */
public record Checkpoint(String fingerprint, int step, float[] params, float[] m, float[] v, LossCurve curve,
                         double trainSeconds, boolean verified) {
    static final long MAGIC = 0x45584d59434b5054L; // "EXMYCKPT"
    public static final String FILE = "checkpoint.bin";
    private static final String WHAT = "checkpoint";

    /** A checkpoint to write (it will carry its checksum). */
    public Checkpoint(String fingerprint, int step, float[] params, float[] m, float[] v, LossCurve curve,
                      double trainSeconds) {
        this(fingerprint, step, params, m, v, curve, trainSeconds, true);
    }

    public void write(Path file) throws IOException {
        StateFile.write(file, MAGIC, out -> {
            out.writeUTF(fingerprint);
            out.writeInt(step);
            out.writeDouble(trainSeconds);
            writeFloats(out, params);
            writeFloats(out, m);
            writeFloats(out, v);
            curve.write(out);
        });
    }

    /**
     * The checkpoint in {@code file}, or empty if there is none. A damaged file, or one of another
     * run (another fingerprint), is a {@link DamagedFileException} that names it.
     */
    public static Optional<Checkpoint> read(Path file, String expectedFingerprint) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Checkpoint c = read(file);
        if (!c.fingerprint().equals(expectedFingerprint)) {
            throw new DamagedFileException(WHAT, file, "belongs to another run (" + c.fingerprint() + "; this run is "
                    + expectedFingerprint + ")");
        }
        return Optional.of(c);
    }

    /** Reads and checks a checkpoint file of any run. */
    public static Checkpoint read(Path file) throws IOException {
        try (StateFile.Reader r = StateFile.open(file, MAGIC, WHAT, "written by exmy train")) {
            try {
                String fp = r.utf("the fingerprint");
                int step = r.in.readInt();
                double seconds = r.in.readDouble();
                float[] p = r.floats("the parameters");
                float[] m = r.floats("the first moments");
                float[] v = r.floats("the second moments");
                LossCurve curve = LossCurve.read(r);
                r.end(MAGIC);
                if (step < 0 || m.length != p.length || v.length != p.length) {
                    throw r.damaged("step " + step + ", " + p.length + " parameters, " + m.length + " and " + v.length
                            + " moments");
                }
                return new Checkpoint(fp, step, p, m, v, curve, seconds, r.verified());
            } catch (EOFException e) {
                throw r.damaged("cut short");
            }
        }
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(a);
        out.write(bb.array());
    }
}
