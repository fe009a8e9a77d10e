package io.exmy.sweep;

import java.util.Locale;

/** Durations as people read them: 42 s, 3 min 05 s, 2 h 10 min. */
final class Eta {
    private Eta() {
    }

    static String format(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
