package io.exmy.sweep;

/**
 * How a run tells the executor how far it is (steps of a training run, say); the local executor
 * shows it in its progress bar, a Slurm task logs it. Implementations must be cheap to call often.
 */
public interface ProgressReporter {
    ProgressReporter NONE = new ProgressReporter() {
        @Override
        public void total(long units, String unitName) {
        }

        @Override
        public void done(long units) {
        }
    };

    /** Announces the run's size, e.g. {@code total(1000, "steps")}. */
    void total(long units, String unitName);

    /** How many units are done so far. */
    void done(long units);

    /** A short note (e.g. the current loss). */
    default void note(String text) {
    }
}
