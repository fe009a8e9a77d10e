package io.exmy.backend.cuda;

import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.kernel.Bf16Gemm;
import io.exmy.backend.kernel.DeviceProperties;
import io.exmy.backend.kernel.KernelArgs;
import io.exmy.backend.kernel.KernelFailure;
import io.exmy.backend.kernel.KernelRuntime;
import io.exmy.backend.kernel.LaunchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The GPU through JCuda's driver API: the device's primary context, modules loaded from the
 * fatbins that the Maven build put on the class path ({@code io/exmy/cuda/<module>.fatbin}),
 * launches by kernel name. JCuda's driver native needs only {@code libcuda.so.1}.
 */
public final class CudaRuntime implements KernelRuntime {
    private static final String RESOURCE_DIR = "/io/exmy/cuda/";
    private static final int DEFAULT_SHARED_LIMIT = 48 * 1024;

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final DeviceProperties props;
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private boolean closed;

    public CudaRuntime() {
        if (CudaRuntime.class.getResource(RESOURCE_DIR + "cast.fatbin") == null) {
            throw new BackendUnavailableException("the CUDA kernels were not built: nvcc was not found when `mvn package`"
                    + " ran (install the CUDA toolkit, or set NVCC=/path/to/nvcc, and rebuild)");
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                throw new BackendUnavailableException("the CUDA driver reports no GPU");
            }
            int ordinal = Integer.getInteger("exmy.cuda.device", 0);
            JCudaDriver.cuDeviceGet(device, ordinal);
            JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
            JCudaDriver.cuCtxSetCurrent(context);
            props = readProperties();
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (Throwable t) { // UnsatisfiedLinkError without libcuda.so.1, CudaException without a device
            throw new BackendUnavailableException(missingDriver(t)
                    ? "no NVIDIA driver here: JCuda could not load libcuda.so.1 (the cuda backend needs an NVIDIA GPU and driver)"
                    : "no usable CUDA GPU: " + rootMessage(t), t);
        }
    }

    private static boolean missingDriver(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsatisfiedLinkError || c instanceof NoClassDefFoundError
                    || String.valueOf(c.getMessage()).contains("UnsatisfiedLinkError")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    private DeviceProperties readProperties() {
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        int sms = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        int maxThreads = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
        int major = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        String label = new String(name, 0, len) + " (sm_" + major + minor + ", " + sms + " SMs)";
        return new DeviceProperties(label, sms, maxThreads, major, minor);
    }

    private int attribute(int attr) {
        int[] v = new int[1];
        JCudaDriver.cuDeviceGetAttribute(v, attr, device);
        return v[0];
    }

    void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend is closed");
        }
        JCudaDriver.cuCtxSetCurrent(context);
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public DeviceProperties properties() {
        return props;
    }

    @Override
    public DeviceBuffer allocate(Backend owner, DType dtype, long length) {
        return new CudaBuffer(owner, this, dtype, length);
    }

    private static CudaBuffer gpu(DeviceBuffer b) {
        return (CudaBuffer) b;
    }

    @Override
    public void upload(float[] src, DeviceBuffer dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyHtoD(gpu(dst).ptr(), Pointer.to(src), (long) src.length * 4);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyHtoD(gpu(dst).ptr(), Pointer.to(src), src.length);
    }

    @Override
    public void upload(int[] src, DeviceBuffer dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyHtoD(gpu(dst).ptr(), Pointer.to(src), (long) src.length * 4);
    }

    @Override
    public void download(DeviceBuffer src, int[] dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), gpu(src).ptr(), (long) dst.length * 4);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), gpu(src).ptr(), (long) dst.length * 4);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), gpu(src).ptr(), dst.length);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        makeCurrent();
        JCudaDriver.cuMemcpyDtoD(gpu(dst).ptr(), gpu(src).ptr(), src.bytes());
    }

    private CUfunction function(String module, String kernel) {
        return functions.computeIfAbsent(module + "/" + kernel, key -> {
            CUfunction f = new CUfunction();
            JCudaDriver.cuModuleGetFunction(f, module(module), kernel);
            return f;
        });
    }

    private CUmodule module(String name) {
        return modules.computeIfAbsent(name, n -> {
            String path = RESOURCE_DIR + n + ".fatbin";
            try (InputStream in = CudaRuntime.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new KernelFailure("kernel module " + path + " is not on the class path; rebuild with `mvn package`");
                }
                byte[] image = in.readAllBytes();
                CUmodule m = new CUmodule();
                JCudaDriver.cuModuleLoadData(m, image);
                return m;
            } catch (IOException e) {
                throw new KernelFailure("cannot read " + path, e);
            }
        });
    }

    @Override
    public synchronized void launch(String module, String kernel, LaunchConfig c, KernelArgs args) {
        makeCurrent();
        CUfunction f = function(module, kernel);
        if (c.sharedBytes() > DEFAULT_SHARED_LIMIT) {
            JCudaDriver.cuFuncSetAttribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                    c.sharedBytes());
        }
        try {
            JCudaDriver.cuLaunchKernel(f, c.grid().x(), c.grid().y(), c.grid().z(), c.block().x(), c.block().y(),
                    c.block().z(), c.sharedBytes(), null, params(args.list()), null);
        } catch (CudaException e) {
            throw new KernelFailure("launch of " + kernel + " " + c + " failed: " + e.getMessage(), e);
        }
    }

    /** cuLaunchKernel's kernelParams: a pointer to an array of pointers to the argument values. */
    private static Pointer params(List<KernelArgs.Arg> args) {
        Pointer[] ps = new Pointer[args.size()];
        for (int i = 0; i < ps.length; i++) {
            KernelArgs.Arg a = args.get(i);
            if (a instanceof KernelArgs.Buffer b) {
                ps[i] = Pointer.to(gpu(b.buffer()).ptr());
            } else if (a instanceof KernelArgs.I32 v) {
                ps[i] = Pointer.to(new int[] {v.value()});
            } else if (a instanceof KernelArgs.I64 v) {
                ps[i] = Pointer.to(new long[] {v.value()});
            } else if (a instanceof KernelArgs.F32 v) {
                ps[i] = Pointer.to(new float[] {v.value()});
            } else {
                ps[i] = Pointer.to(((KernelArgs.Words) a).words());
            }
        }
        return Pointer.to(ps);
    }

    @Override
    public void synchronize() {
        makeCurrent();
        JCudaDriver.cuCtxSynchronize();
    }

    @Override
    public double timeMillis(Runnable work) {
        makeCurrent();
        CUevent start = new CUevent();
        CUevent stop = new CUevent();
        JCudaDriver.cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
        JCudaDriver.cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT);
        try {
            JCudaDriver.cuEventRecord(start, null);
            work.run();
            JCudaDriver.cuEventRecord(stop, null);
            JCudaDriver.cuEventSynchronize(stop);
            float[] ms = new float[1];
            JCudaDriver.cuEventElapsedTime(ms, start, stop);
            return ms[0];
        } finally {
            JCudaDriver.cuEventDestroy(start);
            JCudaDriver.cuEventDestroy(stop);
        }
    }

    /** cuBLAS in this context, through JCublas or JNA (whichever loads: {@link Blas#open}). */
    @Override
    public Bf16Gemm bf16Gemm() {
        makeCurrent();
        return new CudaBf16Gemm(this, Blas.open());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            JCudaDriver.cuCtxSetCurrent(context);
            for (CUmodule m : modules.values()) {
                JCudaDriver.cuModuleUnload(m);
            }
            modules.clear();
            functions.clear();
            JCudaDriver.cuDevicePrimaryCtxRelease(device);
            closed = true;
        }
    }
}
