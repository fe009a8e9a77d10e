package io.exmy.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.io.BuildInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Where, when and by which build a run was computed. */
public record Provenance(String device, String commit, Instant started, Instant finished, String host,
                         String slurmJob, String exmyVersion) {

    /** Provenance of a run on this machine, under this build, in the Slurm task of this process if any. */
    public static Provenance here(String device, Instant started, Instant finished) {
        return new Provenance(device, BuildInfo.commit(), started, finished, hostName(), slurmJob(System.getenv()),
                version());
    }

    public double wallSeconds() {
        return Duration.between(started, finished).toNanos() / 1e9;
    }

    public ObjectNode toJson() {
        ObjectNode p = Json.object();
        p.put("device", device);
        p.put("commit", commit);
        p.put("started", started.toString());
        p.put("finished", finished.toString());
        p.put("wall_s", Math.round(wallSeconds() * 1000) / 1000.0);
        p.put("host", host);
        if (slurmJob != null) {
            p.put("slurm_job", slurmJob);
        }
        p.put("exmy_version", exmyVersion);
        return p;
    }

    /** {@code JOB_TASK} for an array task, {@code JOB} for a plain job, null outside Slurm. */
    static String slurmJob(Map<String, String> env) {
        String array = env.get("SLURM_ARRAY_JOB_ID");
        String task = env.get("SLURM_ARRAY_TASK_ID");
        if (array != null && task != null) {
            return array + "_" + task;
        }
        return env.get("SLURM_JOB_ID");
    }

    static String hostName() {
        return io.exmy.io.HostName.get();
    }

    static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
