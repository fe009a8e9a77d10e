package io.exmy.cli;

import io.exmy.cli.common.UserError;
import io.exmy.ptq.PtqKind;
import io.exmy.sweep.RunKinds;
import io.exmy.sweep.qerror.QuantErrorKind;
import io.exmy.train.TrainKind;

/**
 * The run kinds exmy ships, registered with {@link RunKinds} when the command line starts: the
 * sweep machinery knows only the registry, and the kinds ({@code qerror}, {@code train},
 * {@code ptq}) live above it, so this is the one place that names them all.
 */
public final class BuiltInRunKinds {
    /** JVM option: seconds between training checkpoints for runs started without their own. */
    static final String CHECKPOINT_SECONDS = "exmy.train.checkpoint.seconds";

    private static boolean registered;

    private BuiltInRunKinds() {
    }

    /** Registers the built-in kinds once (later calls do nothing). */
    public static synchronized void registerAll() {
        if (registered) {
            return;
        }
        RunKinds.register(new QuantErrorKind());
        RunKinds.register(new TrainKind(checkpointSeconds()));
        RunKinds.register(new PtqKind());
        registered = true;
    }

    /**
     * Seconds between checkpoints of a training run: {@code -Dexmy.train.checkpoint.seconds}, else
     * {@link TrainKind#CHECKPOINT_SECONDS}; never changes a result.
     */
    static double checkpointSeconds() {
        String s = System.getProperty(CHECKPOINT_SECONDS);
        if (s == null) {
            return TrainKind.CHECKPOINT_SECONDS;
        }
        try {
            double v = Double.parseDouble(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UserError("-D" + CHECKPOINT_SECONDS + " must be a number of seconds >= 0, got '" + s + "'");
    }
}
