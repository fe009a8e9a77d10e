package io.exmy.backend.cuda;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/** GPU memory from cuMemAlloc (256-byte aligned). */
final class CudaBuffer implements DeviceBuffer {
    private final Backend backend;
    private final DType dtype;
    private final long length;
    private final CudaRuntime runtime;
    private CUdeviceptr ptr;
    /** Whether this buffer owns its allocation (false for a view). */
    private final boolean owner;

    CudaBuffer(Backend backend, CudaRuntime runtime, DType dtype, long length) {
        this.backend = backend;
        this.runtime = runtime;
        this.dtype = dtype;
        this.length = length;
        runtime.makeCurrent();
        this.ptr = new CUdeviceptr();
        this.owner = true;
        JCudaDriver.cuMemAlloc(ptr, Math.max(1, length * dtype.bytes));
    }

    private CudaBuffer(CudaBuffer parent, long offset, long length) {
        this.backend = parent.backend;
        this.runtime = parent.runtime;
        this.dtype = parent.dtype;
        this.length = length;
        this.ptr = parent.ptr().withByteOffset(offset * dtype.bytes);
        this.owner = false;
    }

    @Override
    public DeviceBuffer slice(long offset, long sliceLength) {
        DeviceBuffer.checkSlice(length, offset, sliceLength);
        return new CudaBuffer(this, offset, sliceLength);
    }

    CUdeviceptr ptr() {
        if (ptr == null) {
            throw new IllegalStateException("GPU buffer used after close");
        }
        return ptr;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void close() {
        if (ptr != null && owner) {
            runtime.makeCurrent();
            JCudaDriver.cuMemFree(ptr);
        }
        ptr = null;
    }
}
