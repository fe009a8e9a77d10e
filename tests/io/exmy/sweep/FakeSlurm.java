package io.exmy.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Slurm's commands scripted: each program answers with a fixed output; every call is recorded. */
final class FakeSlurm implements CommandRunner {
    final List<List<String>> calls = new ArrayList<>();
    final Map<String, Output> answers = new HashMap<>();
    boolean installed = true;
    int nextJob = 77;

    FakeSlurm answer(String program, int exit, String stdout, String stderr) {
        answers.put(program, new Output(exit, stdout, stderr));
        return this;
    }

    @Override
    public Output run(List<String> command) throws IOException {
        calls.add(command);
        if (!installed) {
            throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
        }
        String program = command.get(0);
        if (program.equals("sbatch") && !answers.containsKey("sbatch")) {
            return new Output(0, (nextJob++) + "\n", "");
        }
        return answers.getOrDefault(program, new Output(0, "", ""));
    }

    List<String> last(String program) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).get(0).equals(program)) {
                return calls.get(i);
            }
        }
        throw new AssertionError(program + " was never called: " + calls);
    }
}
