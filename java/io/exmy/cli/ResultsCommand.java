package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.TextTable;
import io.exmy.cli.common.UserError;
import io.exmy.cli.common.WritesFiles;
import io.exmy.io.AtomicFiles;
import io.exmy.results.Record;
import io.exmy.results.ResultsExport;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreAudit;
import io.exmy.results.StoreException;
import io.exmy.train.StateAudit;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Work with a results store: export its records, compare runs, check every file, clean up after "
                + "finished runs.",
        subcommands = {ResultsCommand.Export.class, ResultsCompareCommand.class, ResultsPivotCommand.class,
                ResultsCommand.Verify.class,
                ResultsCommand.Clean.class})
final class ResultsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class StoreOption implements WritesFiles {
        @Option(names = "--store", paramLabel = "DIR", defaultValue = ResultsStore.DEFAULT_DIR,
                description = "results store directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public void declare(CommandFiles files) {
            files.reads("--store", dir);
        }

        ResultsStore open() {
            try {
                return ResultsStore.open(dir);
            } catch (StoreException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write all records as JSON Lines (each record as stored) or CSV (one row per record, "
                    + "nested keys joined by dots: config.format, metrics.sqnr_db, provenance.wall_s; arrays as JSON "
                    + "text). Both feed 'exmy fit' (which also reads a store directory directly)."})
    static final class Export implements Callable<Integer>, WritesFiles {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StoreOption store;

        @Option(names = "--format", paramLabel = "F", description = "jsonl or csv (default: csv for a .csv OUT, else jsonl)")
        String format;

        @Parameters(index = "0", paramLabel = "OUT", description = "output file (written atomically), or - for stdout")
        Path out;

        @Override
        public void declare(CommandFiles files) {
            files.writes("OUT", out);
        }

        @Override
        public Integer call() throws IOException {
            ResultsStore s = store.open();
            List<Record> records;
            try {
                records = s.records();
            } catch (StoreException e) {
                throw new UserError(e.getMessage(), e);
            }
            ResultsExport.Format f = format != null ? ResultsExport.Format.parse(format)
                    : ResultsExport.Format.forFileName(out.toString());
            if (out.toString().equals("-")) {
                OutputStream o = System.out;
                ResultsExport.write(records, f, o);
                o.flush();
            } else {
                AtomicFiles.write(out, o -> ResultsExport.write(records, f, o));
                spec.commandLine().getErr().printf("exmy results export: %d record(s) -> %s (%s)%n", records.size(), out,
                        f.name().toLowerCase(java.util.Locale.ROOT));
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Read every record, checkpoint and model snapshot of a store and check each against its "
                    + "checksum and its run; list damaged files, runs recorded twice, files named after another run, "
                    + "stray files among the records, and legacy files without a checksum (unverified).",
                "Exit status: 0 when nothing is wrong (unverified legacy files are listed, and allowed unless --strict); "
                        + "2 otherwise, with one line on stderr and the table of findings on stdout."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StoreOption store;

        @Option(names = "--strict", description = "Count unverified legacy files as problems too.")
        boolean strict;

        @Option(names = "--csv", description = "Print the table as CSV.")
        boolean csv;

        @Override
        public Integer call() {
            ResultsStore s = store.open();
            StoreAudit.Report report;
            try {
                report = StoreAudit.run(s, StateAudit.checks());
            } catch (StoreException e) {
                throw new UserError(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!report.findings().isEmpty()) {
                TextTable t = new TextTable("problem", "file", "detail", "fix");
                for (StoreAudit.Finding f : report.findings()) {
                    t.row(f.problem().label(), s.dir().relativize(f.file()), f.detail(), f.fix());
                }
                out.print(csv ? t.csv() : t.markdown());
            }
            StringBuilder checked = new StringBuilder();
            report.checked().forEach((what, n) -> checked.append(checked.length() == 0 ? "" : ", ").append(n).append(' ')
                    .append(what));
            long problems = report.errors() + (strict ? report.unverified() : 0);
            if (problems > 0) {
                StringBuilder kinds = new StringBuilder();
                report.counts().forEach((p, n) -> {
                    if (p.isError() || strict) {
                        kinds.append(kinds.length() == 0 ? "" : ", ").append(n).append(' ').append(p.label());
                    }
                });
                out.printf("read %s%n", checked);
                spec.commandLine().getErr().printf("exmy results verify: %d problem(s) in %s (%s): see the table%n",
                        problems, s.dir(), kinds);
                return 2;
            }
            out.printf("%s is sound: read %s%s%n", s.dir(), checked, report.unverified() == 0 ? ""
                    : "; " + report.unverified() + " legacy file(s) without a checksum could not be verified (listed above)");
            return 0;
        }
    }

    @Command(name = "clean", mixinStandardHelpOptions = true,
            description = {"Delete the checkpoint directories of runs that have a sound record (they will not resume "
                    + "again) and temporary files left by writers that were killed. Records are never touched; the "
                    + "checkpoints of a run whose record is damaged are kept."})
    static final class Clean implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        StoreOption store;

        @Option(names = "--dry-run", description = "Only list what would be deleted.")
        boolean dryRun;

        @Override
        public Integer call() throws IOException {
            ResultsStore s = store.open();
            PrintWriter out = spec.commandLine().getOut();
            List<Path> checkpoints = s.finishedCheckpoints();
            List<Path> temps = s.staleTemps(ResultsStore.STALE_TEMP_AGE);
            for (Path p : checkpoints) {
                out.println((dryRun ? "would remove " : "removing ") + p);
                if (!dryRun) {
                    ResultsStore.deleteTree(p);
                }
            }
            for (Path p : temps) {
                out.println((dryRun ? "would remove " : "removing ") + p);
                if (!dryRun) {
                    Files.deleteIfExists(p);
                }
            }
            out.printf("%s %d checkpoint director%s of finished runs and %d stale temporary file(s)%n",
                    dryRun ? "would remove" : "removed", checkpoints.size(), checkpoints.size() == 1 ? "y" : "ies",
                    temps.size());
            return 0;
        }
    }
}
