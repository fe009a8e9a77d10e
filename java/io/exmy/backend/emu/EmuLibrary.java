package io.exmy.backend.emu;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** JNA view of {@code cuda/emu/exmy_emu_runtime.cpp}. */
public interface EmuLibrary extends Library {
    int ABI_VERSION = 1;

    int exmy_emu_abi_version();

    int exmy_emu_launch(String kernel, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, Pointer args);

    String exmy_emu_error();

    int exmy_emu_kernel_count();

    String exmy_emu_kernel_name(int i);
}
