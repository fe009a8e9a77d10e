package io.exmy.sweep;

import java.io.PrintWriter;
import java.util.Locale;

/** One line per finished run with the time it took and the estimated time left. */
public final class PlainDisplay implements SweepDisplay {
    private final PrintWriter out;
    private int total;
    private int finished;
    private double seconds;

    public PlainDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void begin(int toRun, int alreadyDone) {
        total = toRun;
        out.printf("sweep: %d run(s) to compute, %d already recorded%n", toRun, alreadyDone);
        out.flush();
    }

    @Override
    public ProgressReporter starting(PlannedRun run, int ordinal) {
        return ProgressReporter.NONE;
    }

    @Override
    public void finished(PlannedRun run, int ordinal, RunAttempt.Result r) {
        if (r.outcome() == RunAttempt.Outcome.BUSY) {
            out.printf(Locale.ROOT, "[%d/%d] %s %s: %s; this sweep comes back to it at the end%n", ordinal, total,
                    run.id(), run.summary(), String.join("; ", r.notes()));
            out.flush();
            return;
        }
        finished++;
        seconds += r.seconds();
        double eta = seconds / finished * Math.max(0, total - finished);
        String what = switch (r.outcome()) {
            case RECORDED -> "done";
            case ALREADY_DONE -> "already recorded";
            case LOST_RACE -> "done elsewhere first (result dropped)";
            case FAILED -> "FAILED: " + r.error();
            case BUSY -> throw new IllegalStateException();
        };
        out.printf(Locale.ROOT, "[%d/%d] %s %s: %s (%.2f s; ETA %s)%n", ordinal, total, run.id(), run.summary(), what,
                r.seconds(), Eta.format(eta));
        for (String note : r.notes()) {
            out.println("    note: " + note);
        }
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
