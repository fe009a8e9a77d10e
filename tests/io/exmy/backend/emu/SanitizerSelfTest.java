package io.exmy.backend.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendFixture;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.kernel.KernelArgs;
import io.exmy.backend.kernel.KernelDevice;
import io.exmy.backend.kernel.KernelRuntime;
import io.exmy.backend.kernel.LaunchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves each sanitizer build catches its kind of kernel bug: under ThreadSanitizer the kernel
 * without its __syncthreads is reported as a data race; under AddressSanitizer the kernel that
 * reads past its input is reported as a heap-buffer-overflow. The correct twin must stay silent,
 * so a sanitizer that reports everything would fail too. Runs in the sanitizer executions of
 * {@code mvn verify} (native-build/java-asan, java-tsan), which load the self-test kernels.
 */
@Tag("kernels")
class SanitizerSelfTest {

    @Test
    void eachSanitizerCatchesItsBrokenKernelAndNotTheCorrectOne() throws IOException {
        String sanitizer = System.getProperty("exmy.sanitizer");
        String logPrefix = System.getenv("EXMY_SANITIZER_LOG");
        Assumptions.assumeTrue(sanitizer != null && logPrefix != null,
                "runs only in the sanitizer executions of `mvn verify`");
        Backend emu = BackendFixture.get("emu");
        KernelRuntime kernels = KernelDevice.runtime(emu).orElseThrow();
        Path report = Path.of(logPrefix + "." + ProcessHandle.current().pid());
        int n = 512;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        try (DeviceBuffer in = emu.upload(x); DeviceBuffer out = emu.allocate(DType.F32, n)) {
            kernels.launch("selftest", "exmy_selftest_shift", LaunchConfig.of(2, 256),
                    new KernelArgs().buffer(in).buffer(out).i32(n));
            float[] y = emu.downloadFloats(out);
            assertEquals(2f, y[0]);
            assertEquals(1f, y[255]); // the last thread of a block reads the block's first slot
            assertEquals(257f, y[511]);
            assertFalse(Files.exists(report) && Files.size(report) > 0,
                    "the correct kernel must not be reported:\n" + (Files.exists(report) ? Files.readString(report) : ""));

            String broken = sanitizer.equals("tsan") ? "exmy_selftest_race" : "exmy_selftest_oob";
            kernels.launch("selftest", broken, LaunchConfig.of(2, 256),
                    new KernelArgs().buffer(in).buffer(out).i32(n));
        }
        assertTrue(Files.exists(report), "the " + sanitizer + " build did not report the broken kernel (no " + report + ")");
        String text = Files.readString(report);
        String expected = sanitizer.equals("tsan") ? "ThreadSanitizer: data race" : "AddressSanitizer: heap-buffer-overflow";
        assertTrue(text.contains(expected), "expected '" + expected + "' in:\n" + text);
        assertTrue(text.contains(sanitizer.equals("tsan") ? "exmy_selftest_race" : "exmy_selftest_oob"),
                "the report must name the broken kernel:\n" + text);
    }
}
