package io.exmy.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Resources and placement of a Slurm submission, as sbatch options. Each array task runs one run,
 * so the resources are per run: {@code gpusPerTask} becomes {@code --gres=gpu:N}.
 *
 * @param exmyCommand how a task starts exmy (words of a shell command, e.g. {@code /path/bin/exmy});
 *                    null: this JVM's java with this JVM's class path, so tasks run the build that submitted them
 * @param maxParallel at most this many tasks at once ({@code --array=...%N}), or null
 */
public record SlurmOptions(String partition, Integer gpusPerTask, Integer cpusPerTask, String time, String mem,
                           List<String> extraArgs, Integer maxParallel, String exmyCommand) {

    public static SlurmOptions defaults() {
        return new SlurmOptions(null, null, null, null, null, List.of(), null, null);
    }

    public SlurmOptions {
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
        if (gpusPerTask != null && gpusPerTask < 0) {
            throw new IllegalArgumentException("--gpus-per-task must be at least 0, got " + gpusPerTask);
        }
        if (cpusPerTask != null && cpusPerTask < 1) {
            throw new IllegalArgumentException("--cpus-per-task must be at least 1, got " + cpusPerTask);
        }
        if (maxParallel != null && maxParallel < 1) {
            throw new IllegalArgumentException("--max-parallel must be at least 1, got " + maxParallel);
        }
    }

    public SlurmOptions withExmyCommand(String command) {
        return new SlurmOptions(partition, gpusPerTask, cpusPerTask, time, mem, extraArgs, maxParallel, command);
    }

    /** The resource options, in sbatch's spelling (the array, job name and output come from the executor). */
    List<String> resourceArgs() {
        List<String> a = new ArrayList<>();
        if (partition != null) {
            a.add("--partition=" + partition);
        }
        if (gpusPerTask != null && gpusPerTask > 0) {
            a.add("--gres=gpu:" + gpusPerTask);
        }
        if (cpusPerTask != null) {
            a.add("--cpus-per-task=" + cpusPerTask);
        }
        if (time != null) {
            a.add("--time=" + time);
        }
        if (mem != null) {
            a.add("--mem=" + mem);
        }
        a.addAll(extraArgs);
        return a;
    }
}
