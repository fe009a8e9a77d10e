package io.exmy.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backend.BackendUnavailableException;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/** The parts of the cuBLAS bindings that need no GPU: device addresses, and finding libcublas. */
class BlasBindingTest {

    /** A view's address is its allocation's plus its byte offset — what the JNA binding passes on. */
    @Test
    void deviceAddressesIncludeTheViewOffset() {
        CUdeviceptr base = new CUdeviceptr();
        assertEquals(0, DevicePointers.address(base));
        assertEquals(12, DevicePointers.address(base.withByteOffset(12)));
        assertEquals(12 + 40, DevicePointers.address(base.withByteOffset(12).withByteOffset(40)));
    }

    /** Either a cuBLAS loads, or the failure names every library file it tried. */
    @Test
    void findingCublasReportsWhatItTried() {
        try {
            JnaBlas.Loaded loaded = JnaBlas.load();
            assertTrue(loaded.file().contains("libcublas.so.1"), loaded.file());
        } catch (BackendUnavailableException e) {
            assertTrue(e.getMessage().contains("libcublas.so.13") && e.getMessage().contains("libcublas.so.12")
                    && e.getMessage().contains("-Dexmy.cublas"), e.getMessage());
        }
    }

    @Test
    void anExplicitLibraryIsTriedFirst() {
        String old = System.getProperty("exmy.cublas");
        System.setProperty("exmy.cublas", "/nonexistent/libcublas.so.13");
        try {
            assertEquals("/nonexistent/libcublas.so.13", JnaBlas.candidates().get(0));
        } finally {
            if (old == null) {
                System.clearProperty("exmy.cublas");
            } else {
                System.setProperty("exmy.cublas", old);
            }
        }
    }
}
