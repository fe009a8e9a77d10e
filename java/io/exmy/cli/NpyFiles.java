package io.exmy.cli;

import io.exmy.cli.common.UserError;
import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import io.exmy.io.NpyReader;
import io.exmy.io.OutputBatch;
import io.exmy.io.TensorChunks;
import java.io.IOException;
import java.nio.file.Path;

/** .npy reading and writing for commands: failures become one-line user errors. */
final class NpyFiles {
    /** The streamed commands' memory, for their --help. */
    static final String STREAMED = "Streams arrays of any size (beyond 2^31 elements and bytes) in chunks of 4 Mi elements"
            + " (-Dexmy.chunk.elements=N sets it): memory stays within about 50 bytes per chunk element (200 MiB)"
            + " whatever the input's size";

    /** Chunk size of the streamed commands. */
    static final long BUDGET = TensorChunks.DEFAULT_BUDGET;

    private NpyFiles() {
    }

    /** An I/O step of a command. */
    interface Step {
        void run() throws IOException;
    }

    /** Runs a step; an I/O failure (its message names the file) is the user's one-line error. */
    static void io(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** A float32 .npy file opened for streaming. */
    static NpyReader openFloats(Path p) {
        NpyReader r = open(p);
        if (!r.isFloat32()) {
            close(r);
            throw new UserError(p + " holds uint8 codes; this command reads float32 (decode codes with `exmy decode`)");
        }
        return r;
    }

    /** A uint8 .npy file (codes) opened for streaming. */
    static NpyReader openBytes(Path p) {
        NpyReader r = open(p);
        if (r.isFloat32()) {
            close(r);
            throw new UserError(p + " holds float32; codes are uint8 .npy files as written by `exmy cast --codes`"
                    + " or `exmy quantize --codes`");
        }
        return r;
    }

    static NpyReader open(Path p) {
        try {
            return NpyReader.open(p);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static void close(NpyReader r) {
        try {
            r.close();
        } catch (IOException e) {
            // only read from: nothing to lose
        }
    }

    /** Stages every output of a command up front (null ones skipped): a bad target fails before any work. */
    static OutputBatch stage(Path... targets) {
        try {
            return OutputBatch.of(targets);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    static NpyArray readFloats(Path p) {
        NpyArray a = read(p);
        if (a.f32() == null) {
            throw new UserError(p + " holds uint8 codes; this command reads float32 (decode codes with `exmy decode`)");
        }
        return a;
    }

    private static NpyArray read(Path p) {
        try {
            return Npy.read(p);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    static void write(Path p, NpyArray a) {
        try {
            Npy.write(p, a);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
