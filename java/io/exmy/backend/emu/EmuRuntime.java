package io.exmy.backend.emu;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.exmy.backend.Backend;
import io.exmy.backend.BackendUnavailableException;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.backend.host.NativeBuffer;
import io.exmy.backend.host.NativeLibraries;
import io.exmy.backend.kernel.DeviceProperties;
import io.exmy.backend.kernel.KernelArgs;
import io.exmy.backend.kernel.KernelFailure;
import io.exmy.backend.kernel.KernelRuntime;
import io.exmy.backend.kernel.LaunchConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The CUDA kernels compiled for the CPU with {@code cuda/emu/exmy_emu.h}: every launch runs the
 * kernel's own code, each block's threads as real threads. Correct and slow; a test backend that
 * {@code auto} never picks. Set {@code -Dexmy.native.emu=/path/libexmy_emu_asan.so} to run the
 * kernels under a sanitizer build.
 */
public final class EmuRuntime implements KernelRuntime {
    /** The emulated device: two multiprocessors, so grids of several blocks run even for small data. */
    private static final DeviceProperties PROPS =
            new DeviceProperties("CPU emulation of the CUDA kernels", 2, 1024, 9, 0);

    private final EmuLibrary lib;

    public EmuRuntime() {
        lib = NativeLibraries.load("emu", EmuLibrary.class);
        int abi = lib.exmy_emu_abi_version();
        if (abi != EmuLibrary.ABI_VERSION) {
            throw new BackendUnavailableException("libexmy_emu.so has ABI " + abi + ", this build expects "
                    + EmuLibrary.ABI_VERSION + ": rebuild with `mvn package`");
        }
    }

    /** Names of the kernels compiled into the emulation library. */
    public TreeSet<String> kernels() {
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < lib.exmy_emu_kernel_count(); i++) {
            names.add(lib.exmy_emu_kernel_name(i));
        }
        return names;
    }

    @Override
    public String name() {
        return "emu";
    }

    @Override
    public DeviceProperties properties() {
        return PROPS;
    }

    @Override
    public DeviceBuffer allocate(Backend owner, DType dtype, long length) {
        return new NativeBuffer(owner, dtype, length);
    }

    private static Pointer mem(DeviceBuffer b) {
        return ((NativeBuffer) b).pointer();
    }

    @Override
    public void upload(float[] src, DeviceBuffer dst) {
        mem(dst).write(0, src, 0, src.length);
    }

    @Override
    public void upload(byte[] src, DeviceBuffer dst) {
        mem(dst).write(0, src, 0, src.length);
    }

    @Override
    public void upload(int[] src, DeviceBuffer dst) {
        mem(dst).write(0, src, 0, src.length);
    }

    @Override
    public void download(DeviceBuffer src, int[] dst) {
        mem(src).read(0, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, float[] dst) {
        mem(src).read(0, dst, 0, dst.length);
    }

    @Override
    public void download(DeviceBuffer src, byte[] dst) {
        mem(src).read(0, dst, 0, dst.length);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        byte[] tmp = mem(src).getByteArray(0, Math.toIntExact(src.bytes()));
        mem(dst).write(0, tmp, 0, tmp.length);
    }

    @Override
    public void launch(String module, String kernel, LaunchConfig c, KernelArgs args) {
        // Freed here, on the launching thread, which synchronised with the kernel's threads when the
        // launch returned; left to the garbage collector, a JVM thread would free them, and
        // ThreadSanitizer cannot see the JVM's synchronisation.
        List<Memory> values = new ArrayList<>();
        List<KernelArgs.Arg> list = args.list();
        Memory array = new Memory((long) Math.max(1, list.size()) * Native.POINTER_SIZE);
        try {
            for (int i = 0; i < list.size(); i++) {
                Memory v = value(list.get(i));
                values.add(v);
                array.setPointer((long) i * Native.POINTER_SIZE, v);
            }
            int rc = lib.exmy_emu_launch(kernel, c.grid().x(), c.grid().y(), c.grid().z(), c.block().x(),
                    c.block().y(), c.block().z(), c.sharedBytes(), array);
            if (rc != 0) {
                throw new KernelFailure("emulated " + kernel + " " + c + ": " + lib.exmy_emu_error());
            }
        } finally {
            values.forEach(Memory::close);
            array.close();
        }
    }

    private static Memory value(KernelArgs.Arg a) {
        if (a instanceof KernelArgs.Buffer b) {
            Memory m = new Memory(Native.POINTER_SIZE);
            m.setPointer(0, mem(b.buffer()));
            return m;
        } else if (a instanceof KernelArgs.I32 v) {
            Memory m = new Memory(4);
            m.setInt(0, v.value());
            return m;
        } else if (a instanceof KernelArgs.I64 v) {
            Memory m = new Memory(8);
            m.setLong(0, v.value());
            return m;
        } else if (a instanceof KernelArgs.F32 v) {
            Memory m = new Memory(4);
            m.setFloat(0, v.value());
            return m;
        }
        int[] w = ((KernelArgs.Words) a).words();
        Memory m = new Memory(4L * w.length);
        m.write(0, w, 0, w.length);
        return m;
    }

    @Override
    public void synchronize() {
    }

    @Override
    public void close() {
    }
}
