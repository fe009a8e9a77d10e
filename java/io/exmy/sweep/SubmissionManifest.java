package io.exmy.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.io.AtomicFiles;
import io.exmy.results.Json;
import io.exmy.results.ResultsStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One Slurm submission, {@code STORE/submissions/SUB/manifest.json}: the array job's id and, for
 * each array index, the run it computes with its full configuration. The tasks read their run
 * from here rather than from the grid file, so editing the grid after submitting cannot change
 * what a queued task computes; status reads it to ask Slurm about the runs' tasks.
 */
public final class SubmissionManifest {
    /** One array task: index {@code index} computes run {@code runId} (grid run {@code gridIndex}). */
    public record Task(int index, String runId, int gridIndex, String summary, String kind, ObjectNode config) {
    }

    private final Path dir;
    private final String submission;
    private final String grid;
    private final Instant created;
    private final String jobId;
    private final List<String> sbatchArgs;
    private final List<Task> tasks;

    private SubmissionManifest(Path dir, String submission, String grid, Instant created, String jobId,
                               List<String> sbatchArgs, List<Task> tasks) {
        this.dir = dir;
        this.submission = submission;
        this.grid = grid;
        this.created = created;
        this.jobId = jobId;
        this.sbatchArgs = List.copyOf(sbatchArgs);
        this.tasks = List.copyOf(tasks);
    }

    /** A new, not yet submitted manifest in a fresh directory under the store's submissions/. */
    static SubmissionManifest create(ResultsStore store, String name, Path grid, List<PlannedRun> runs) {
        Instant now = Instant.now();
        String stamp = now.toString().replaceAll("[-:]", "").replaceAll("\\.\\d+", "");
        String sub = stamp + "-" + safe(name) + "-"
                + String.format("%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24));
        Path dir = store.submissionsDir().resolve(sub);
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new SweepException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            PlannedRun r = runs.get(i);
            tasks.add(new Task(i, r.id(), r.index(), r.summary(), r.config().kind(), r.config().json()));
        }
        return new SubmissionManifest(dir, sub, grid.toAbsolutePath().toString(), now, null, List.of(), tasks);
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    SubmissionManifest submitted(String job, List<String> args) {
        return new SubmissionManifest(dir, submission, grid, created, job, args, tasks);
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve("manifest.json");
    }

    public String submission() {
        return submission;
    }

    public Instant created() {
        return created;
    }

    /** The array job id, or null if the submission never reached Slurm (sbatch failed or was interrupted). */
    public String jobId() {
        return jobId;
    }

    public List<Task> tasks() {
        return tasks;
    }

    public Task task(int index) {
        if (index < 0 || index >= tasks.size()) {
            throw new SweepException("submission " + submission + " has array indices 0.." + (tasks.size() - 1)
                    + ", not " + index);
        }
        return tasks.get(index);
    }

    /** Slurm's name of an array task of this submission: {@code JOB_INDEX}. */
    public String slurmTask(int index) {
        return jobId + "_" + index;
    }

    public Path log(int index) {
        return dir.resolve("logs").resolve(jobId + "_" + index + ".out");
    }

    void save() {
        ObjectNode j = Json.object();
        j.put("submission", submission);
        j.put("grid", grid);
        j.put("created", created.toString());
        j.put("store", dir.getParent().getParent().toString());
        if (jobId != null) {
            j.put("job_id", jobId);
        } else {
            j.putNull("job_id");
        }
        ArrayNode a = j.putArray("sbatch");
        sbatchArgs.forEach(a::add);
        ArrayNode t = j.putArray("tasks");
        for (Task task : tasks) {
            ObjectNode o = t.addObject();
            o.put("index", task.index());
            o.put("run_id", task.runId());
            o.put("grid_index", task.gridIndex());
            o.put("summary", task.summary());
            o.put("kind", task.kind());
            o.set("config", task.config());
        }
        try {
            AtomicFiles.write(file(), out -> out.write(Json.pretty(j)));
        } catch (IOException e) {
            throw new SweepException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }

    public static SubmissionManifest load(Path file) {
        JsonNode j;
        try {
            j = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new SweepException("cannot read submission manifest " + file + ": " + e.getMessage(), e);
        }
        try {
            List<Task> tasks = new ArrayList<>();
            for (JsonNode o : j.required("tasks")) {
                tasks.add(new Task(o.required("index").asInt(), o.required("run_id").asText(),
                        o.required("grid_index").asInt(), o.path("summary").asText(), o.required("kind").asText(),
                        (ObjectNode) o.required("config")));
            }
            List<String> args = new ArrayList<>();
            j.path("sbatch").forEach(a -> args.add(a.asText()));
            JsonNode job = j.get("job_id");
            return new SubmissionManifest(file.toAbsolutePath().getParent(), j.required("submission").asText(),
                    j.path("grid").asText(), Instant.parse(j.required("created").asText()),
                    job == null || job.isNull() ? null : job.asText(), args, tasks);
        } catch (IllegalArgumentException | ClassCastException | java.time.format.DateTimeParseException e) {
            throw new SweepException("submission manifest " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Every submission of the store, oldest first. */
    public static List<SubmissionManifest> loadAll(ResultsStore store) {
        List<SubmissionManifest> out = new ArrayList<>();
        Path subs = store.submissionsDir();
        if (!Files.isDirectory(subs)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(subs)) {
            for (Path d : ds) {
                if (Files.isRegularFile(d.resolve("manifest.json"))) {
                    out.add(load(d.resolve("manifest.json")));
                }
            }
        } catch (IOException e) {
            throw new SweepException("cannot list " + subs + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(SubmissionManifest::created).thenComparing(SubmissionManifest::submission));
        return out;
    }
}
