package io.exmy.results;

import io.exmy.io.IoMessages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code exmy results verify}: reads every file of a store that a reader trusts and lists what is
 * wrong: damaged files (checksum, syntax, truncation), the same run in two files, records filed
 * under another run's name, stray files among the records, and legacy files that carry no
 * checksum (unverified). Records are checked here; other packages add checks of the files they
 * write (checkpoints, model snapshots) as {@link Check}s.
 */
public final class StoreAudit {
    public enum Problem {
        /** Not what was written: checksum mismatch, not parseable, cut short, or foreign. */
        DAMAGED,
        /** A second file holding a run that another file holds. */
        DUPLICATE,
        /** A file named after one run that holds another. */
        MISNAMED,
        /** Not a file of the store's layout (e.g. a copy with another name among the records). */
        STRAY,
        /** A legacy file written before checksums: sound as far as can be seen, but not verifiable. */
        UNVERIFIED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Everything but {@link #UNVERIFIED} makes a store unclean. */
        public boolean isError() {
            return this != UNVERIFIED;
        }
    }

    /** One finding: what, which file, the details and what to do about it. */
    public record Finding(Problem problem, Path file, String detail, String fix) {
    }

    /** The checks of one kind of file; returns how many files it read. */
    public interface Check {
        /** What it counts, plural: "checkpoints". */
        String what();

        int check(ResultsStore store, List<Finding> out);
    }

    /** All findings, and how many files of each kind were read. */
    public record Report(List<Finding> findings, Map<String, Integer> checked) {
        public long errors() {
            return findings.stream().filter(f -> f.problem().isError()).count();
        }

        public long unverified() {
            return findings.size() - errors();
        }

        public Map<Problem, Integer> counts() {
            Map<Problem, Integer> c = new TreeMap<>();
            findings.forEach(f -> c.merge(f.problem(), 1, Integer::sum));
            return c;
        }
    }

    private StoreAudit() {
    }

    public static Report run(ResultsStore store, List<Check> more) {
        List<Finding> out = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        checked.put("records", records(store, out));
        for (Check c : more) {
            checked.put(c.what(), c.check(store, out));
        }
        checked.put("files in quarantine", count(store.quarantineDir()));
        return new Report(out, checked);
    }

    static int records(ResultsStore store, List<Finding> out) {
        Map<String, List<Path>> byRun = new TreeMap<>();
        int read = 0;
        for (Path p : list(store.recordsDir())) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") && name.endsWith(".tmp")) {
                continue; // a writer's temporary file: ignored by every reader
            }
            String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : null;
            if (Files.isDirectory(p) || base == null || !RunId.isValid(base)) {
                out.add(new Finding(Problem.STRAY, p, "not a record file (records are named RUNID.json)",
                        "move it out of " + store.recordsDir()));
                continue;
            }
            read++;
            Record.Parsed parsed;
            try {
                parsed = Record.inspect(Files.readAllBytes(p));
            } catch (IOException e) {
                out.add(new Finding(Problem.DAMAGED, p, "cannot be read: " + IoMessages.describe(e), "fix its permissions"));
                continue;
            }
            if (parsed.problem() != null) {
                out.add(new Finding(Problem.DAMAGED, p, "the record " + parsed.problem(),
                        "a sweep of its grid moves it to quarantine/ and computes run " + base + " again"));
                continue;
            }
            byRun.computeIfAbsent(parsed.record().id(), k -> new ArrayList<>()).add(p);
            if (!parsed.record().verified()) {
                out.add(new Finding(Problem.UNVERIFIED, p, "a legacy record without " + Record.CHECKSUM
                        + " (written before records had one): its content cannot be checked",
                        "none needed; to have it checked, move it away and rerun its sweep"));
            }
        }
        byRun.forEach((id, files) -> {
            Path own = store.recordPath(id);
            for (Path p : files) {
                if (p.equals(own)) {
                    continue;
                }
                if (files.contains(own) || files.size() > 1) {
                    Path first = files.contains(own) ? own : files.get(0);
                    if (!p.equals(first)) {
                        out.add(new Finding(Problem.DUPLICATE, p, "another copy of run " + id + " (also in " + first + ")",
                                "delete this copy"));
                        continue;
                    }
                }
                out.add(new Finding(Problem.MISNAMED, p, "holds run " + id + " under another run's name",
                        "rename it to " + own.getFileName() + ", or move it away"));
            }
        });
        return read;
    }

    /** The entries of a directory, sorted; none if it does not exist. */
    public static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new StoreException("cannot list " + dir + ": " + IoMessages.describe(e), e);
        }
        out.sort(null);
        return out;
    }

    private static int count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return (int) s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new StoreException("cannot list " + dir + ": " + IoMessages.describe(e), e);
        }
    }
}
