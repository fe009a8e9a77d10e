package io.exmy.backend.host;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.Device;

/** Native memory through JNA; device-to-device copies are the library's multithreaded memcpy. */
final class HostMemory implements Device.Memory<NativeBuffer> {
    private final HostLibrary lib;
    private final int threads;

    HostMemory(HostLibrary lib, int threads) {
        this.lib = lib;
        this.threads = threads;
    }

    @Override
    public NativeBuffer allocate(Backend owner, DType dtype, long length) {
        return new NativeBuffer(owner, dtype, length);
    }

    @Override
    public void upload(float[] src, NativeBuffer dst) {
        dst.pointer().write(0, src, 0, src.length);
    }

    @Override
    public void upload(byte[] src, NativeBuffer dst) {
        dst.pointer().write(0, src, 0, src.length);
    }

    @Override
    public void upload(int[] src, NativeBuffer dst) {
        dst.pointer().write(0, src, 0, src.length);
    }

    @Override
    public void download(NativeBuffer src, float[] dst) {
        src.pointer().read(0, dst, 0, dst.length);
    }

    @Override
    public void download(NativeBuffer src, byte[] dst) {
        src.pointer().read(0, dst, 0, dst.length);
    }

    @Override
    public void download(NativeBuffer src, int[] dst) {
        src.pointer().read(0, dst, 0, dst.length);
    }

    @Override
    public void copy(NativeBuffer src, NativeBuffer dst) {
        lib.exmy_host_copy(dst.pointer(), src.pointer(), src.bytes(), threads);
    }

    @Override
    public void synchronize() {
    }
}
