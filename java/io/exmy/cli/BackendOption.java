package io.exmy.cli;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backends.Backends;
import io.exmy.cli.common.UserError;
import picocli.CommandLine.Option;

/** {@code --backend}: where to compute. */
public final class BackendOption {
    @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
            description = "auto (cuda, else host, else java), java, host, cuda, or emu (the CUDA kernels emulated "
                    + "on the CPU: slow, for testing). Default: ${DEFAULT-VALUE}.")
    String name;

    public Backend open() {
        try {
            return Backends.open(name);
        } catch (BackendUnavailableException e) {
            throw new UserError("backend '" + name + "' is unavailable: " + e.getMessage()
                    + " (use --backend auto to fall back)", e);
        }
    }
}
