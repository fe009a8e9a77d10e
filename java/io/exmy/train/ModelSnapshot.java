package io.exmy.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.io.AtomicFiles;
import io.exmy.results.Json;
import io.exmy.sweep.RunConfig;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A trained model as a training run saw it after {@code step} optimizer steps ({@code tokens} = D
 * tokens): its parameters and the run's complete {@code train} configuration, so that a later
 * reader (post-training quantization) rebuilds the same model, corpus, tokenizer and validation
 * split without the run's record. Written by the harness at the token counts of {@code save_at}
 * into {@code STORE/models/ID/}; atomically, with an end marker.
 */
public record ModelSnapshot(String runId, ObjectNode config, int step, long tokens, float[] params) {
    static final long MAGIC = 0x45584d59534e4150L; // "EXMYSNAP"
    static final int VERSION = 1;

    /** The file name of the snapshot after {@code tokens} tokens: names sort by D. */
    public static String fileName(long tokens) {
        return String.format(java.util.Locale.ROOT, "tokens-%012d.snapshot", tokens);
    }

    /** The training settings the snapshot's run used. */
    public TrainSettings settings() {
        return TrainSettings.of(RunConfig.of(TrainKind.NAME, config));
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(runId);
            byte[] cfg = Json.compact(config).getBytes(StandardCharsets.UTF_8);
            out.writeInt(cfg.length);
            out.write(cfg);
            out.writeInt(step);
            out.writeLong(tokens);
            Checkpoint.writeFloats(out, params);
            out.writeLong(MAGIC);
            out.flush();
        });
    }

    /** Reads a snapshot; a missing, foreign, damaged or truncated file is an error that says which. */
    public static ModelSnapshot read(Path file) throws IOException {
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file + " does not exist (snapshots are written by exmy train --save-at"
                    + " into STORE/models/RUN/)");
        }
        try (in) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not an exmy model snapshot (written by exmy train --save-at)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " is a version " + version + " snapshot; this build reads version " + VERSION);
            }
            String id = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > (1 << 24)) {
                throw new IOException(file + " is damaged (configuration length " + n + ")");
            }
            byte[] cfg = new byte[n];
            in.readFully(cfg);
            ObjectNode config = (ObjectNode) Json.MAPPER.readTree(new String(cfg, StandardCharsets.UTF_8));
            int step = in.readInt();
            long tokens = in.readLong();
            float[] p = Checkpoint.readFloats(in);
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is damaged (no end marker)");
            }
            return new ModelSnapshot(id, config, step, tokens, p);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
