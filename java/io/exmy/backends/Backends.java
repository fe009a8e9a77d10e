package io.exmy.backends;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.cuda.CudaRuntime;
import io.exmy.backend.emu.EmuRuntime;
import io.exmy.backend.host.HostDevice;
import io.exmy.backend.java.JavaDevice;
import io.exmy.backend.kernel.KernelDevice;
import java.util.List;
import java.util.Locale;

/**
 * Opens backends by name. {@code auto} takes the first that works of cuda, host, java; it never
 * takes {@code emu}, which exists to test the kernels on machines without a GPU.
 */
public final class Backends {
    public static final List<String> NAMES = List.of("auto", "java", "host", "cuda", "emu");

    private Backends() {
    }

    /** Opens a backend, or throws {@link BackendUnavailableException} saying why it cannot run here. */
    public static Backend open(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "java" -> new Backend(new JavaDevice());
            case "host" -> new Backend(new HostDevice());
            case "cuda" -> new Backend(new KernelDevice(new CudaRuntime()));
            case "emu" -> new Backend(new KernelDevice(new EmuRuntime()));
            case "auto" -> openAuto();
            default -> throw new IllegalArgumentException("unknown backend '" + name + "': use one of "
                    + String.join(", ", NAMES));
        };
    }

    private static Backend openAuto() {
        for (String candidate : List.of("cuda", "host")) {
            try {
                return open(candidate);
            } catch (BackendUnavailableException e) {
                // fall through to the next best
            }
        }
        return open("java");
    }

    /** Null if the backend can run here, else the reason it cannot. */
    public static String unavailableReason(String name) {
        try (Backend b = open(name)) {
            return null;
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }
}
