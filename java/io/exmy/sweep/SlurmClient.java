package io.exmy.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's commands, with clear errors: {@code sbatch} to submit, {@code squeue} for tasks in the
 * queue, {@code scontrol show job} for tasks that ended recently (kept for MinJobAge) and
 * {@code sacct} for older ones where accounting is enabled, {@code scancel} to cancel.
 */
public final class SlurmClient {
    private static final Pattern JOB_ID = Pattern.compile("^(\\d+)(?:;\\S+)?$");
    private static final Pattern ARRAY_JOB = Pattern.compile("(?:^| )ArrayJobId=(\\d+)");
    private static final Pattern ARRAY_TASK = Pattern.compile("(?:^| )ArrayTaskId=(\\S+)");
    private static final Pattern JOB_STATE = Pattern.compile("(?:^| )JobState=(\\S+)");
    private static final Pattern REASON = Pattern.compile("(?:^| )Reason=(\\S+)");
    private static final Pattern EXIT = Pattern.compile("(?:^| )ExitCode=(\\S+)");

    private final CommandRunner runner;

    public SlurmClient(CommandRunner runner) {
        this.runner = runner;
    }

    public static SlurmClient system() {
        return new SlurmClient(CommandRunner.system(120));
    }

    /** Null if Slurm's client commands work here, else why not. */
    public String unavailableReason() {
        try {
            CommandRunner.Output o = runner.run(List.of("squeue", "--version"));
            return o.exit() == 0 ? null : "squeue --version failed: " + o.stderr().strip();
        } catch (IOException e) {
            return "squeue not found on PATH (is this a Slurm login node?)";
        }
    }

    /** Submits a batch script with {@code sbatch --parsable ARGS}; returns the job id. */
    public String submit(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(args);
        CommandRunner.Output o = run(cmd, "sbatch");
        if (o.exit() != 0) {
            throw new SweepException("sbatch failed (exit " + o.exit() + "): " + o.stderr().strip()
                    + "\n  command: " + String.join(" ", cmd));
        }
        String last = o.stdout().strip().lines().reduce((a, b) -> b).orElse("");
        Matcher m = JOB_ID.matcher(last);
        if (!m.matches()) {
            throw new SweepException("sbatch printed '" + o.stdout().strip() + "', expected a job id");
        }
        return m.group(1);
    }

    /** Cancels a job or one array task ({@code JOB_INDEX}). */
    public void cancel(String jobOrTask) {
        CommandRunner.Output o = run(List.of("scancel", jobOrTask), "scancel");
        if (o.exit() != 0) {
            throw new SweepException("scancel " + jobOrTask + " failed (exit " + o.exit() + "): " + o.stderr().strip());
        }
    }

    /**
     * The state of every task of the given array jobs that Slurm still knows, by {@code JOB_INDEX}.
     * Queue first (authoritative for active tasks), then recent ends, then accounting.
     */
    public Map<String, SlurmTaskState> tasks(Collection<String> arrayJobIds) {
        Map<String, SlurmTaskState> out = new LinkedHashMap<>();
        if (arrayJobIds.isEmpty()) {
            return out;
        }
        queue(arrayJobIds).forEach(out::putIfAbsent);
        for (String job : arrayJobIds) {
            recent(job).forEach(out::putIfAbsent);
        }
        accounting(arrayJobIds).forEach(out::putIfAbsent);
        return out;
    }

    Map<String, SlurmTaskState> queue(Collection<String> jobs) {
        CommandRunner.Output o = run(List.of("squeue", "-h", "-r", "-j", String.join(",", jobs), "-o", "%i|%T|%r"),
                "squeue");
        Map<String, SlurmTaskState> out = new LinkedHashMap<>();
        if (o.exit() != 0) {
            if (o.stderr().contains("Invalid job id")) {
                return out; // every job has left the queue
            }
            throw new SweepException("squeue failed (exit " + o.exit() + "): " + o.stderr().strip());
        }
        for (String line : o.stdout().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length >= 2 && !f[0].isEmpty()) {
                out.put(f[0], new SlurmTaskState(f[0], f[1], f.length > 2 ? f[2] : ""));
            }
        }
        return out;
    }

    /** {@code scontrol show job -o}: one line per task (pending ones as a range on one line). */
    Map<String, SlurmTaskState> recent(String job) {
        CommandRunner.Output o = run(List.of("scontrol", "show", "job", "-o", job), "scontrol");
        Map<String, SlurmTaskState> out = new LinkedHashMap<>();
        if (o.exit() != 0) {
            if (o.stderr().contains("Invalid job id")) {
                return out; // older than MinJobAge
            }
            throw new SweepException("scontrol show job " + job + " failed (exit " + o.exit() + "): " + o.stderr().strip());
        }
        for (String line : o.stdout().split("\n")) {
            String arrayJob = group(ARRAY_JOB, line);
            String tasks = group(ARRAY_TASK, line);
            String state = group(JOB_STATE, line);
            if (arrayJob == null || tasks == null || state == null) {
                continue;
            }
            String reason = group(REASON, line);
            String exit = group(EXIT, line);
            String why = state.equals("FAILED") && exit != null ? "exit " + exit : reason;
            for (int index : indices(tasks)) {
                String id = arrayJob + "_" + index;
                out.put(id, new SlurmTaskState(id, state, why));
            }
        }
        return out;
    }

    /** {@code sacct}, if the cluster keeps accounting; empty where it does not (like the test cluster). */
    Map<String, SlurmTaskState> accounting(Collection<String> jobs) {
        Map<String, SlurmTaskState> out = new LinkedHashMap<>();
        CommandRunner.Output o;
        try {
            o = runner.run(List.of("sacct", "-n", "-P", "-X", "-j", String.join(",", jobs), "-o", "JobID,State,ExitCode"));
        } catch (IOException e) {
            return out;
        }
        if (o.exit() != 0) {
            return out; // "Slurm accounting storage is disabled" and the like: nothing more to learn
        }
        for (String line : o.stdout().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 2 || !f[0].contains("_")) {
                continue;
            }
            String job = f[0].substring(0, f[0].indexOf('_'));
            String tasks = f[0].substring(f[0].indexOf('_') + 1).replace("[", "").replace("]", "");
            String state = f[1].split(" ")[0];
            for (int index : indices(tasks)) {
                String id = job + "_" + index;
                out.put(id, new SlurmTaskState(id, state, f.length > 2 && state.equals("FAILED") ? "exit " + f[2] : ""));
            }
        }
        return out;
    }

    /** Array index lists as Slurm prints them: {@code 3}, {@code 0-3%1}, {@code 1,3,5-7}. */
    static List<Integer> indices(String spec) {
        List<Integer> out = new ArrayList<>();
        String s = spec.contains("%") ? spec.substring(0, spec.indexOf('%')) : spec;
        for (String part : s.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                int dash = part.indexOf('-');
                if (dash > 0) {
                    int a = Integer.parseInt(part.substring(0, dash).trim());
                    int b = Integer.parseInt(part.substring(dash + 1).trim());
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(part.trim()));
                }
            } catch (NumberFormatException e) {
                // an index form this version does not know: leave it out rather than guess
            }
        }
        return out;
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    private CommandRunner.Output run(List<String> cmd, String what) {
        try {
            return runner.run(cmd);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new SweepException(what + " not found on PATH: submit from a machine with Slurm's client commands"
                        + " (a login node), or run the sweep here with --executor local");
            }
            throw new SweepException(what + " failed: " + e.getMessage(), e);
        }
    }
}
