package io.exmy.sweep;

import java.io.PrintWriter;

/**
 * How the local executor shows its progress: a live bar with ETA on a terminal, one plain line
 * per finished run otherwise (logs, pipes, CI and tests, where a redrawn bar is noise).
 */
public interface SweepDisplay extends AutoCloseable {
    /** {@code toRun} runs are about to be computed; {@code alreadyDone} of the grid are skipped. */
    void begin(int toRun, int alreadyDone);

    /** Run number {@code ordinal} (1-based among those to run) starts; the reporter feeds the display. */
    ProgressReporter starting(PlannedRun run, int ordinal);

    void finished(PlannedRun run, int ordinal, RunAttempt.Result result);

    @Override
    void close();

    /** A bar when this process talks to a terminal, plain lines otherwise. */
    static SweepDisplay forConsole(PrintWriter err) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return terminal ? new BarDisplay() : new PlainDisplay(err);
    }
}
