package io.exmy.train;

import io.exmy.io.DamagedFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a run starts: from its checkpoint, if it has a sound one of its own, else from step 0. A
 * damaged checkpoint, or one that is not this run's, is moved aside by the options' recovery (kept
 * for inspection) and the run starts afresh, saying so; without a recovery it is an error.
 */
final class Resumption {
    private Resumption() {
    }

    /** The checkpoint to resume from, or null to start at step 0. */
    static Checkpoint load(Path file, String fingerprint, int steps, long tokensPerStep, long parameters,
                           Trainer.Options opt) throws IOException {
        Checkpoint c;
        try {
            c = Checkpoint.read(file, fingerprint).orElse(null);
            if (c != null && (c.step() < 1 || c.step() >= steps || c.params().length != parameters)) {
                throw new DamagedFileException("checkpoint", file, "does not fit this run (step " + c.step() + " of "
                        + steps + ", " + c.params().length + " parameters for a model of " + parameters + ")");
            }
        } catch (DamagedFileException e) {
            if (opt.recovery() == null) {
                throw new DamagedFileException(e.what(), file, e.problem() + ": delete it to start the run afresh");
            }
            Path moved = opt.recovery().moveAside(file);
            opt.notice(e.getMessage() + (moved == null ? "" : ": moved to " + moved) + "; the run starts again from step 0");
            return null;
        }
        if (c != null) {
            opt.notice("resumed from " + file + " at step " + c.step() + " of " + steps + " (" + c.step() * tokensPerStep
                    + " tokens)" + (c.verified() ? "" : "; a format-1 checkpoint, read without a checksum"));
        }
        return c;
    }
}
