package io.exmy.cli.bench;

import io.exmy.bench.BenchResult;
import io.exmy.cli.common.TextTable;
import io.exmy.cli.common.UserError;
import io.exmy.io.AtomicFiles;
import io.exmy.io.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** Prints benchmark results as a Markdown block that docs/BENCHMARKS.md can take as it is. */
final class BenchReport {
    private BenchReport() {
    }

    static String markdown(String title, String device, String command, List<BenchResult> results) {
        TextTable t = new TextTable("backend", "operation", "elements", "median ms", "min ms", "Gelem/s", "GB/s",
                "copy GB/s", "of copy");
        for (BenchResult r : results) {
            t.row(r.backend(), r.operation(), pow2(r.elements()), fmt(r.medianMs()), fmt(r.minMs()),
                    fmt(r.elementsPerS() / 1e9), fmt(r.gbPerS()),
                    r.baselineGbPerS() == null ? "-" : fmt(r.baselineGbPerS()),
                    r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.ratio()));
        }
        return markdown(title, device, command, t);
    }

    /** A report block with any table: the same header (device, date, commit, command). */
    static String markdown(String title, String device, String command, TextTable table) {
        return "### " + title + "\n\n"
                + "- device: " + device + "\n"
                + "- date: " + LocalDate.now(ZoneOffset.UTC) + "\n"
                + "- commit: " + BuildInfo.commit() + "\n"
                + "- command: `" + command + "`\n\n"
                + table.markdown() + "\n";
    }

    static void append(Path file, String block) {
        try {
            String old = Files.exists(file) ? Files.readString(file) : "";
            AtomicFiles.writeString(file, old + (old.isEmpty() || old.endsWith("\n\n") ? "" : "\n") + block);
        } catch (IOException e) {
            throw new UserError("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    static String pow2(long n) {
        return Long.bitCount(n) == 1 ? "2^" + Long.numberOfTrailingZeros(n) : Long.toString(n);
    }

    static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
