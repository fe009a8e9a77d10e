package io.exmy.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Json;
import io.exmy.sweep.RunConfig;
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
 * into {@code STORE/models/ID/}; atomically, with a CRC32C of its content ({@link StateFile},
 * format 2). {@code verified} is false for a snapshot of format 1, read without a checksum.
 */
public record ModelSnapshot(String runId, ObjectNode config, int step, long tokens, float[] params, boolean verified) {
    static final long MAGIC = 0x45584d59534e4150L; // "EXMYSNAP"
    private static final String WHAT = "model snapshot";

    /** A snapshot to write (it will carry its checksum). */
    public ModelSnapshot(String runId, ObjectNode config, int step, long tokens, float[] params) {
        this(runId, config, step, tokens, params, true);
    }

    /** The file name of the snapshot after {@code tokens} tokens: names sort by D. */
    public static String fileName(long tokens) {
        return String.format(java.util.Locale.ROOT, "tokens-%012d.snapshot", tokens);
    }

    /** The training settings the snapshot's run used. */
    public TrainSettings settings() {
        return TrainSettings.of(RunConfig.of(TrainKind.NAME, config));
    }

    public void write(Path file) throws IOException {
        StateFile.write(file, MAGIC, out -> {
            out.writeUTF(runId);
            byte[] cfg = Json.compact(config).getBytes(StandardCharsets.UTF_8);
            out.writeInt(cfg.length);
            out.write(cfg);
            out.writeInt(step);
            out.writeLong(tokens);
            Checkpoint.writeFloats(out, params);
        });
    }

    /** Reads a snapshot; a missing, foreign, damaged or truncated file is an error that says which. */
    public static ModelSnapshot read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file + " does not exist (snapshots are written by exmy train --save-at"
                    + " into STORE/models/RUN/)");
        }
        try (StateFile.Reader r = StateFile.open(file, MAGIC, WHAT, "written by exmy train --save-at")) {
            try {
                String id = r.utf("the run id");
                byte[] cfg = new byte[r.length("the configuration", 1)];
                r.in.readFully(cfg);
                JsonNode config;
                try {
                    config = Json.MAPPER.readTree(new String(cfg, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw r.damaged("its configuration is not valid JSON");
                }
                if (config == null || !config.isObject()) {
                    throw r.damaged("its configuration is not a JSON object");
                }
                int step = r.in.readInt();
                long tokens = r.in.readLong();
                float[] p = r.floats("the parameters");
                r.end(MAGIC);
                return new ModelSnapshot(id, (ObjectNode) config, step, tokens, p, r.verified());
            } catch (EOFException e) {
                throw r.damaged("cut short");
            }
        }
    }
}
