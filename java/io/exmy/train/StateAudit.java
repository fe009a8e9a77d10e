package io.exmy.train;

import io.exmy.io.DamagedFileException;
import io.exmy.io.IoMessages;
import io.exmy.results.ResultsStore;
import io.exmy.results.RunId;
import io.exmy.results.StoreAudit;
import io.exmy.results.StoreAudit.Finding;
import io.exmy.results.StoreAudit.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code exmy results verify}'s checks of the training harness's files: every checkpoint
 * ({@code checkpoints/ID/checkpoint.bin}) and every model snapshot ({@code models/ID/*.snapshot})
 * is read whole and checked against its checksum and its run.
 */
public final class StateAudit {
    private StateAudit() {
    }

    public static List<StoreAudit.Check> checks() {
        return List.of(new Checkpoints(), new Snapshots());
    }

    /** The runs' directories under {@code parent} ({@code checkpoints/ID/}); anything else there is stray. */
    private static List<Path> runDirs(Path parent, String name, List<Finding> out) {
        List<Path> dirs = new java.util.ArrayList<>();
        for (Path d : StoreAudit.list(parent)) {
            if (Files.isDirectory(d) && RunId.isValid(d.getFileName().toString())) {
                dirs.add(d);
            } else {
                out.add(new Finding(Problem.STRAY, d, "not a run's directory (" + name + "/RUNID/)",
                        "move it out of " + parent));
            }
        }
        return dirs;
    }

    /** Reads one file: a finding, or null when it is sound. */
    private interface Inspection {
        Finding run() throws IOException;
    }

    private static void inspect(Path f, String fix, List<Finding> out, Inspection how) {
        try {
            Finding found = how.run();
            if (found != null) {
                out.add(found);
            }
        } catch (DamagedFileException e) {
            out.add(new Finding(Problem.DAMAGED, f, e.problem(), fix));
        } catch (IOException e) {
            out.add(new Finding(Problem.DAMAGED, f, "cannot be read: " + IoMessages.describe(e), "fix its permissions"));
        }
    }

    private static final class Checkpoints implements StoreAudit.Check {
        @Override
        public String what() {
            return "checkpoints";
        }

        @Override
        public int check(ResultsStore store, List<Finding> out) {
            int read = 0;
            for (Path d : runDirs(store.checkpointsDir(), "checkpoints", out)) {
                String id = d.getFileName().toString();
                Path f = d.resolve(Checkpoint.FILE);
                if (!Files.exists(f)) {
                    continue;
                }
                read++;
                String fix = "the next run of " + id + " moves it to quarantine/ and starts afresh (or delete it)";
                inspect(f, fix, out, () -> {
                    Checkpoint c = Checkpoint.read(f);
                    if (!c.fingerprint().equals(id)) {
                        return new Finding(Problem.MISNAMED, f, "holds the state of run " + c.fingerprint(), fix);
                    }
                    return c.verified() ? null : new Finding(Problem.UNVERIFIED, f,
                            "a format-1 checkpoint, written before checksums", "none needed: the run's next checkpoint"
                                    + " replaces it");
                });
            }
            return read;
        }
    }

    private static final class Snapshots implements StoreAudit.Check {
        @Override
        public String what() {
            return "model snapshots";
        }

        @Override
        public int check(ResultsStore store, List<Finding> out) {
            int read = 0;
            for (Path d : runDirs(store.modelsDir(), "models", out)) {
                String id = d.getFileName().toString();
                String fix = "train run " + id + " again to re-create it (move its record and this file away first)";
                for (Path f : StoreAudit.list(d)) {
                    if (!f.getFileName().toString().endsWith(".snapshot")) {
                        continue; // codes and scales of exmy ptq --save-codes
                    }
                    read++;
                    inspect(f, fix, out, () -> {
                        ModelSnapshot s = ModelSnapshot.read(f);
                        if (!s.runId().equals(id)) {
                            return new Finding(Problem.MISNAMED, f, "holds a model of run " + s.runId(),
                                    "move it to models/" + s.runId() + "/");
                        }
                        if (!RunId.of(TrainKind.NAME, s.config()).equals(id)) {
                            return new Finding(Problem.DAMAGED, f, "its configuration is not run " + id + "'s", fix);
                        }
                        return s.verified() ? null : new Finding(Problem.UNVERIFIED, f,
                                "a format-1 snapshot, written before checksums", "none needed; it cannot be checked");
                    });
                }
            }
            return read;
        }
    }
}
