package io.exmy.sweep;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live terminal bar over the runs, with ETA; the current run and its own progress as the message. */
final class BarDisplay implements SweepDisplay {
    private ProgressBar bar;
    private int failures;

    @Override
    public void begin(int toRun, int alreadyDone) {
        System.err.printf("sweep: %d run(s) to compute, %d already recorded%n", toRun, alreadyDone);
        bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(toRun).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" runs", 1).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public ProgressReporter starting(PlannedRun run, int ordinal) {
        bar.setExtraMessage(run.summary());
        return new ProgressReporter() {
            private long total;
            private String unit = "";

            @Override
            public void total(long units, String unitName) {
                total = units;
                unit = unitName;
            }

            @Override
            public void done(long units) {
                if (total > 1) {
                    bar.setExtraMessage(String.format(Locale.ROOT, "%s %d/%d %s", run.summary(), units, total, unit));
                }
            }

            @Override
            public void note(String text) {
                bar.setExtraMessage(run.summary() + " " + text);
            }
        };
    }

    @Override
    public void finished(PlannedRun run, int ordinal, RunAttempt.Result result) {
        for (String note : result.notes()) {
            System.err.println(System.lineSeparator() + run.summary() + ": " + note);
        }
        if (result.outcome() == RunAttempt.Outcome.BUSY) {
            return; // the sweep comes back to it at the end
        }
        if (result.outcome() == RunAttempt.Outcome.FAILED) {
            failures++;
        }
        bar.step();
        if (failures > 0) {
            bar.setExtraMessage(failures + " failed");
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
