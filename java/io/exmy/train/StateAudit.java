package io.exmy.train;

import io.exmy.io.DamagedFileException;
import io.exmy.io.IoErrors;
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

    private static final class Checkpoints implements StoreAudit.Check {
        @Override
        public String what() {
            return "checkpoints";
        }

        @Override
        public int check(ResultsStore store, List<Finding> out) {
            int read = 0;
            for (Path d : StoreAudit.list(store.checkpointsDir())) {
                String id = d.getFileName().toString();
                if (!Files.isDirectory(d) || !RunId.isValid(id)) {
                    out.add(new Finding(Problem.STRAY, d, "not a run's checkpoint directory (checkpoints/RUNID/)",
                            "move it out of " + store.checkpointsDir()));
                    continue;
                }
                Path f = d.resolve(Checkpoint.FILE);
                if (!Files.exists(f)) {
                    continue;
                }
                read++;
                String fix = "the next run of " + id + " moves it to quarantine/ and starts afresh (or delete it)";
                try {
                    Checkpoint c = Checkpoint.read(f);
                    if (!c.fingerprint().equals(id)) {
                        out.add(new Finding(Problem.MISNAMED, f, "holds the state of run " + c.fingerprint(), fix));
                    } else if (!c.verified()) {
                        out.add(new Finding(Problem.UNVERIFIED, f, "a format-1 checkpoint, written before checksums",
                                "none needed: the run's next checkpoint replaces it"));
                    }
                } catch (DamagedFileException e) {
                    out.add(new Finding(Problem.DAMAGED, f, e.problem(), fix));
                } catch (IOException e) {
                    out.add(new Finding(Problem.DAMAGED, f, "cannot be read: " + IoErrors.describe(e), "fix its permissions"));
                }
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
            for (Path d : StoreAudit.list(store.modelsDir())) {
                String id = d.getFileName().toString();
                if (!Files.isDirectory(d) || !RunId.isValid(id)) {
                    out.add(new Finding(Problem.STRAY, d, "not a run's model directory (models/RUNID/)",
                            "move it out of " + store.modelsDir()));
                    continue;
                }
                String fix = "train run " + id + " again to re-create it (move its record and this file away first)";
                for (Path f : StoreAudit.list(d)) {
                    if (!f.getFileName().toString().endsWith(".snapshot")) {
                        continue; // codes and scales of exmy ptq --save-codes
                    }
                    read++;
                    try {
                        ModelSnapshot s = ModelSnapshot.read(f);
                        if (!s.runId().equals(id)) {
                            out.add(new Finding(Problem.MISNAMED, f, "holds a model of run " + s.runId(),
                                    "move it to models/" + s.runId() + "/"));
                        } else if (!RunId.of(TrainKind.NAME, s.config()).equals(id)) {
                            out.add(new Finding(Problem.DAMAGED, f, "its configuration is not run " + id + "'s", fix));
                        } else if (!s.verified()) {
                            out.add(new Finding(Problem.UNVERIFIED, f, "a format-1 snapshot, written before checksums",
                                    "none needed; it cannot be checked"));
                        }
                    } catch (DamagedFileException e) {
                        out.add(new Finding(Problem.DAMAGED, f, e.problem(), fix));
                    } catch (IOException e) {
                        out.add(new Finding(Problem.DAMAGED, f, "cannot be read: " + IoErrors.describe(e),
                                "fix its permissions"));
                    }
                }
            }
            return read;
        }
    }
}
