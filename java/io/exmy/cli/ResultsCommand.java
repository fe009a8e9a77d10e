package io.exmy.cli;

import io.exmy.io.AtomicFiles;
import io.exmy.results.Record;
import io.exmy.results.ResultsExport;
import io.exmy.results.ResultsStore;
import io.exmy.results.StoreException;
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
        description = "Work with a results store: export its records, clean up after finished runs.",
        subcommands = {ResultsCommand.Export.class, ResultsCompareCommand.class, ResultsCommand.Clean.class})
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

    @Command(name = "clean", mixinStandardHelpOptions = true,
            description = {"Delete the checkpoint directories of runs that have a record (they will not resume again) "
                    + "and temporary files left by writers that were killed. Records are never touched."})
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
