package io.exmy.backend.cuda;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/** GPU memory from cuMemAlloc (256-byte aligned). */
final class CudaBuffer extends DeviceBuffer {
    private final CudaRuntime runtime;
    private CUdeviceptr ptr;
    /** Whether this buffer owns its allocation (false for a view). */
    private final boolean owner;

    CudaBuffer(Backend backend, CudaRuntime runtime, DType dtype, long length) {
        super(backend, dtype, length);
        this.runtime = runtime;
        runtime.makeCurrent();
        this.ptr = new CUdeviceptr();
        this.owner = true;
        JCudaDriver.cuMemAlloc(ptr, Math.max(1, length * dtype.bytes));
    }

    private CudaBuffer(CudaBuffer parent, long offset, long length) {
        super(parent.backend(), parent.dtype(), length);
        this.runtime = parent.runtime;
        this.ptr = parent.ptr().withByteOffset(offset * parent.dtype().bytes);
        this.owner = false;
    }

    @Override
    protected DeviceBuffer view(long offset, long sliceLength) {
        return new CudaBuffer(this, offset, sliceLength);
    }

    CUdeviceptr ptr() {
        if (ptr == null) {
            throw new IllegalStateException("GPU buffer used after close");
        }
        return ptr;
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
