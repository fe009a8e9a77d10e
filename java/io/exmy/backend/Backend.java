package io.exmy.backend;

import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;

/**
 * A place where exmy computes: the Java reference ({@code java}), the host-native library
 * ({@code host}), the GPU ({@code cuda}) or the GPU kernels under CPU emulation ({@code emu}).
 * Every backend must reproduce the Java reference bit for bit. Obtain one with {@link Backends}.
 */
public interface Backend extends CastOps, BlockOps, HadamardOps, MatmulOps, TrainOps, AutoCloseable {
    /** Short name: java, host, cuda, emu. */
    String name();

    /** What it runs on, for logs and benchmark records. */
    String device();

    DeviceBuffer allocate(DType dtype, long length);

    void upload(float[] src, DeviceBuffer dst);

    void upload(byte[] src, DeviceBuffer dst);

    void download(DeviceBuffer src, float[] dst);

    void download(DeviceBuffer src, byte[] dst);

    /** Uploads int32 values (token ids, targets) into an {@link DType#I32} buffer. */
    void upload(int[] src, DeviceBuffer dst);

    void download(DeviceBuffer src, int[] dst);

    /** Copies {@code src} into {@code dst} (same dtype, dst at least as long) on the device. */
    void copy(DeviceBuffer src, DeviceBuffer dst);

    /** Waits for queued work (a no-op where operations are synchronous). */
    void synchronize();

    /**
     * Milliseconds {@code work} takes on this backend, queued work included: CUDA events on the GPU,
     * the wall clock elsewhere.
     */
    default double timeMillis(Runnable work) {
        synchronize();
        long t0 = System.nanoTime();
        work.run();
        synchronize();
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override
    void close();

    // ---- conveniences over host arrays ----

    default DeviceBuffer upload(float[] src) {
        DeviceBuffer b = allocate(DType.F32, src.length);
        upload(src, b);
        return b;
    }

    default DeviceBuffer upload(byte[] src) {
        DeviceBuffer b = allocate(DType.U8, src.length);
        upload(src, b);
        return b;
    }

    default DeviceBuffer upload(int[] src) {
        DeviceBuffer b = allocate(DType.I32, src.length);
        upload(src, b);
        return b;
    }

    default int[] downloadInts(DeviceBuffer b) {
        int[] out = new int[Math.toIntExact(b.length())];
        download(b, out);
        return out;
    }

    default float[] downloadFloats(DeviceBuffer b) {
        float[] out = new float[Math.toIntExact(b.length())];
        download(b, out);
        return out;
    }

    default byte[] downloadBytes(DeviceBuffer b) {
        byte[] out = new byte[Math.toIntExact(b.length())];
        download(b, out);
        return out;
    }

    default float[] cast(float[] x, CastSpec spec) {
        try (DeviceBuffer in = upload(x); DeviceBuffer out = allocate(DType.F32, x.length)) {
            cast(in, out, x.length, 0, spec);
            return downloadFloats(out);
        }
    }

    default byte[] encode(float[] x, long rows, long cols, CastSpec spec) {
        try (DeviceBuffer in = upload(x);
             DeviceBuffer codes = allocate(DType.U8, rows * CodeLayout.bytesPerRow(spec.format(), cols))) {
            encode(in, codes, rows, cols, 0, spec);
            return downloadBytes(codes);
        }
    }

    default float[] decode(byte[] codes, long rows, long cols, Format format) {
        try (DeviceBuffer in = upload(codes); DeviceBuffer out = allocate(DType.F32, rows * cols)) {
            decode(in, out, rows, cols, format);
            return downloadFloats(out);
        }
    }
}
