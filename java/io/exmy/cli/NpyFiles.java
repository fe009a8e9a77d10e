package io.exmy.cli;

import io.exmy.io.Npy;
import io.exmy.io.NpyArray;
import java.io.IOException;
import java.nio.file.Path;

/** .npy reading and writing for commands: failures become one-line user errors. */
final class NpyFiles {
    private NpyFiles() {
    }

    static NpyArray readFloats(Path p) {
        NpyArray a = read(p);
        if (a.f32() == null) {
            throw new UserError(p + " holds uint8 codes; this command reads float32 (decode codes with `exmy decode`)");
        }
        return a;
    }

    static NpyArray readBytes(Path p) {
        NpyArray a = read(p);
        if (a.u8() == null) {
            throw new UserError(p + " holds float32; `exmy decode` reads uint8 codes as written by `exmy cast --codes`");
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
