package io.exmy.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that exists but cannot be trusted: its checksum does not match, it is cut short, it is
 * not of the expected kind, or it belongs to something else. The message names the file and says
 * what is wrong with it.
 */
public class DamagedFileException extends IOException {
    private final Path file;
    private final String what;
    private final String problem;

    /** E.g. ("checkpoint", file, "is damaged: cut short"): the message is "checkpoint FILE is damaged: cut short". */
    public DamagedFileException(String what, Path file, String problem) {
        super(what + " " + file + " " + problem);
        this.file = file;
        this.what = what;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** What kind of file: "checkpoint", "model snapshot". */
    public String what() {
        return what;
    }

    /** The message without the kind and the file name. */
    public String problem() {
        return problem;
    }
}
