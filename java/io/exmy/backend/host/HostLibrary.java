package io.exmy.backend.host;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** JNA view of {@code cuda/host/exmy_host.cpp}. Spec arrays are {@code CastSpec#words()}. */
public interface HostLibrary extends Library {
    int ABI_VERSION = 1;

    int exmy_host_abi_version();

    void exmy_host_cast_f32(Pointer in, Pointer out, long n, long indexBase, int[] spec, int threads);

    void exmy_host_encode(Pointer in, Pointer codes, long rows, long cols, long indexBase, int[] spec,
                          int codesPerByte, int threads);

    void exmy_host_copy(Pointer dst, Pointer src, long bytes, int threads);

    void exmy_host_decode(Pointer codes, Pointer out, long rows, long cols, int[] spec, int codesPerByte, int threads);
}
