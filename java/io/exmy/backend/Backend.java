package io.exmy.backend;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.format.CastSpec;
import io.exmy.format.CodeLayout;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;
import io.exmy.ops.AdamWStep;
import io.exmy.transform.HadamardSpec;
import java.util.Optional;

/**
 * A place where exmy computes: the Java reference ({@code java}), the host-native library
 * ({@code host}), the GPU ({@code cuda}) or the GPU kernels under CPU emulation ({@code emu}).
 * Every backend must reproduce the Java reference bit for bit. Obtain one with {@link io.exmy.backends.Backends}.
 *
 * <p>This class is the one checked front of every backend: each operation checks its arguments
 * ({@link Checks}, {@link TrainChecks}) here, once, so that a bad call fails the same way on every
 * backend before native code could read or write out of bounds, and then hands the buffers — all
 * allocated by this backend's {@link Device} — to the device's raw call. The devices implement only
 * memory and those raw calls.
 */
public final class Backend implements CastOps, BlockOps, HadamardOps, MatmulOps, FastMatmulOps, TrainOps,
        AutoCloseable {
    /**
     * The device, seen with the base buffer type: every buffer passed down has passed
     * {@link Checks#owned}, so it was allocated by this device and has its buffer type (the
     * implementations' typed parameters take it without another check).
     */
    private final Device<DeviceBuffer> device;

    @SuppressWarnings("unchecked")
    public Backend(Device<? extends DeviceBuffer> device) {
        this.device = (Device<DeviceBuffer>) device;
    }

    /** Short name: java, host, cuda, emu. */
    public String name() {
        return device.name();
    }

    /** What it runs on, for logs and benchmark records. */
    public String device() {
        return device.description();
    }

    /**
     * The device below the checks if it is a {@code type}, else empty: for tests that reach the
     * device itself, e.g. {@link io.exmy.backend.kernel.KernelDevice#runtime(Backend)} to launch kernels by
     * name. Calls through it are not checked.
     */
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(device) ? Optional.of(type.cast(device)) : Optional.empty();
    }

    @Override
    public void close() {
        device.close();
    }

    // ---- memory ----

    public DeviceBuffer allocate(DType dtype, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative buffer length " + length);
        }
        return device.memory().allocate(this, dtype, length);
    }

    public void upload(float[] src, DeviceBuffer dst) {
        target(dst, DType.F32, src.length, "upload target");
        device.memory().upload(src, dst);
    }

    public void upload(byte[] src, DeviceBuffer dst) {
        target(dst, DType.U8, src.length, "upload target");
        device.memory().upload(src, dst);
    }

    /** Uploads int32 values (token ids, targets) into an {@link DType#I32} buffer. */
    public void upload(int[] src, DeviceBuffer dst) {
        target(dst, DType.I32, src.length, "upload target");
        device.memory().upload(src, dst);
    }

    public void download(DeviceBuffer src, float[] dst) {
        target(src, DType.F32, dst.length, "download source");
        device.memory().download(src, dst);
    }

    public void download(DeviceBuffer src, byte[] dst) {
        target(src, DType.U8, dst.length, "download source");
        device.memory().download(src, dst);
    }

    public void download(DeviceBuffer src, int[] dst) {
        target(src, DType.I32, dst.length, "download source");
        device.memory().download(src, dst);
    }

    private void target(DeviceBuffer b, DType dtype, long elements, String what) {
        Checks.owned(this, b);
        Checks.holds(b, dtype, elements, what);
    }

    /** Copies {@code src} into {@code dst} (same dtype, dst at least as long) on the device. */
    public void copy(DeviceBuffer src, DeviceBuffer dst) {
        Checks.copy(this, src, dst);
        device.memory().copy(src, dst);
    }

    /** Waits for queued work (a no-op where operations are synchronous). */
    public void synchronize() {
        device.memory().synchronize();
    }

    /**
     * Milliseconds {@code work} takes on this backend, queued work included: CUDA events on the GPU,
     * the wall clock elsewhere.
     */
    public double timeMillis(Runnable work) {
        return device.memory().timeMillis(work);
    }

    // ---- conveniences over host arrays ----

    public DeviceBuffer upload(float[] src) {
        DeviceBuffer b = allocate(DType.F32, src.length);
        upload(src, b);
        return b;
    }

    public DeviceBuffer upload(byte[] src) {
        DeviceBuffer b = allocate(DType.U8, src.length);
        upload(src, b);
        return b;
    }

    public DeviceBuffer upload(int[] src) {
        DeviceBuffer b = allocate(DType.I32, src.length);
        upload(src, b);
        return b;
    }

    public int[] downloadInts(DeviceBuffer b) {
        int[] out = new int[Math.toIntExact(b.length())];
        download(b, out);
        return out;
    }

    public float[] downloadFloats(DeviceBuffer b) {
        float[] out = new float[Math.toIntExact(b.length())];
        download(b, out);
        return out;
    }

    public byte[] downloadBytes(DeviceBuffer b) {
        byte[] out = new byte[Math.toIntExact(b.length())];
        download(b, out);
        return out;
    }

    public float[] cast(float[] x, CastSpec spec) {
        try (DeviceBuffer in = upload(x); DeviceBuffer out = allocate(DType.F32, x.length)) {
            cast(in, out, x.length, 0, spec);
            return downloadFloats(out);
        }
    }

    public byte[] encode(float[] x, long rows, long cols, CastSpec spec) {
        try (DeviceBuffer in = upload(x);
             DeviceBuffer codes = allocate(DType.U8, rows * CodeLayout.bytesPerRow(spec.format(), cols))) {
            encode(in, codes, rows, cols, 0, spec);
            return downloadBytes(codes);
        }
    }

    public float[] decode(byte[] codes, long rows, long cols, Format format) {
        try (DeviceBuffer in = upload(codes); DeviceBuffer out = allocate(DType.F32, rows * cols)) {
            decode(in, out, rows, cols, format);
            return downloadFloats(out);
        }
    }

    // ---- casts ----

    @Override
    public void cast(DeviceBuffer in, DeviceBuffer out, long n, long indexBase, CastSpec spec) {
        Checks.cast(this, in, out, n);
        device.cast().cast(in, out, n, indexBase, spec);
    }

    @Override
    public void encode(DeviceBuffer in, DeviceBuffer codes, long rows, long cols, long indexBase, CastSpec spec) {
        Checks.encode(this, in, codes, rows, cols, spec);
        device.cast().encode(in, codes, rows, cols, indexBase, spec);
    }

    @Override
    public void decode(DeviceBuffer codes, DeviceBuffer out, long rows, long cols, Format format) {
        Checks.decode(this, codes, out, rows, cols, format);
        device.cast().decode(codes, out, rows, cols, format);
    }

    // ---- block scaling ----

    @Override
    public void fakeQuantize(DeviceBuffer in, DeviceBuffer out, long rows, long cols, long indexBase,
                             BlockScheme scheme) {
        Checks.blockFake(this, in, out, rows, cols);
        device.block().fakeQuantize(in, out, rows, cols, indexBase, scheme);
    }

    @Override
    public void quantize(DeviceBuffer in, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, long rows,
                         long cols, long indexBase, BlockScheme scheme) {
        Checks.blockQuantize(this, in, codes, scales, tensorScale, rows, cols, scheme);
        device.block().quantize(in, codes, scales, scheme.tensorScale() ? tensorScale : null, rows, cols, indexBase,
                scheme);
    }

    @Override
    public void dequantize(DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer tensorScale, DeviceBuffer out,
                           long rows, long cols, BlockScheme scheme) {
        Checks.blockDequantize(this, codes, scales, tensorScale, out, rows, cols, scheme);
        device.block().dequantize(codes, scales, scheme.tensorScale() ? tensorScale : null, out, rows, cols, scheme);
    }

    // ---- Hadamard transform ----

    @Override
    public void hadamard(DeviceBuffer in, DeviceBuffer out, long rows, long cols, BlockShape.Axis axis,
                         HadamardSpec spec) {
        Checks.hadamard(this, in, out, rows, cols, axis, spec);
        device.hadamard().hadamard(in, out, rows, cols, axis, spec);
    }

    // ---- GEMM ----

    @Override
    public void gemm(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        Checks.gemm(this, shape, a, b, c);
        device.matmul().gemm(shape, a, b, c);
    }

    @Override
    public String fastGemmUnavailableReason() {
        return device.fastGemm().unavailableReason();
    }

    @Override
    public String fastGemmLibrary() {
        return device.fastGemm().library();
    }

    @Override
    public void gemmBf16(GemmShape shape, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, float alpha) {
        Checks.gemm(this, shape, a, b, c);
        device.fastGemm().gemm(shape, a, b, c, alpha);
    }

    @Override
    public void gemmBf16Packed(GemmShape shape, DeviceBuffer a16, DeviceBuffer b16, DeviceBuffer c) {
        Checks.packedGemm(this, shape, a16, b16, c);
        device.fastGemm().gemmPacked(shape, a16, b16, c, 1.0f);
    }

    @Override
    public int packBf16(DeviceBuffer x, DeviceBuffer out, int rows, int cols, int ld, long stride, int batch) {
        Checks.packBf16(this, x, out, rows, cols, ld, stride, batch);
        return device.fastGemm().pack(x, out, rows, cols, ld, stride, batch);
    }

    // ---- training ops: element-wise ----

    @Override
    public void fill(DeviceBuffer x, long n, float value) {
        TrainChecks.elementwise(this, n, x);
        device.elementwise().fill(x, n, value);
    }

    @Override
    public void scale(DeviceBuffer x, long n, float factor) {
        TrainChecks.elementwise(this, n, x);
        device.elementwise().scale(x, n, factor);
    }

    @Override
    public void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n) {
        TrainChecks.elementwise(this, n, out, a, b);
        device.elementwise().add(out, a, b, n);
    }

    @Override
    public void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        TrainChecks.bias(this, out, bias, rows, cols);
        device.elementwise().biasAdd(out, bias, rows, cols);
    }

    @Override
    public void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols) {
        TrainChecks.bias(this, dout, dbias, rows, cols);
        device.elementwise().biasBackward(dbias, dout, rows, cols);
    }

    @Override
    public void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n) {
        TrainChecks.sumOfSquares(this, out, x, n);
        device.elementwise().sumOfSquares(out, x, n);
    }

    @Override
    public void geluForward(DeviceBuffer out, DeviceBuffer inp, long n) {
        TrainChecks.elementwise(this, n, out, inp);
        device.gelu().geluForward(out, inp, n);
    }

    @Override
    public void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n) {
        TrainChecks.elementwise(this, n, dinp, inp, dout);
        device.gelu().geluBackward(dinp, inp, dout, n);
    }

    // ---- training ops: embeddings, layer norm ----

    @Override
    public void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T,
                               int C, int V) {
        TrainChecks.encoder(this, out, tokens, wte, wpe, B, T, C, V);
        device.encoder().encoderForward(out, tokens, wte, wpe, B, T, C, V);
    }

    @Override
    public void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B,
                                int T, int C, int V) {
        TrainChecks.encoder(this, dout, tokens, dwte, dwpe, B, T, C, V);
        device.encoder().encoderBackward(dwte, dwpe, dout, tokens, B, T, C, V);
    }

    @Override
    public void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp,
                                 DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps) {
        TrainChecks.layerNorm(this, out, inp, weight, bias, mean, rstd, rows, C);
        device.layerNorm().layerNormForward(out, mean, rstd, inp, weight, bias, rows, C, eps);
    }

    @Override
    public void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout,
                                  DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows,
                                  int C) {
        TrainChecks.layerNormBackward(this, dinp, dweight, dbias, dout, inp, weight, mean, rstd, rows, C);
        device.layerNorm().layerNormBackward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, rows, C);
    }

    // ---- training ops: attention, rotary embedding ----

    @Override
    public void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH,
                               int HS) {
        TrainChecks.heads(this, B, T, NH, HS, qkv, 3, q, k, v);
        device.attention().attentionSplit(q, k, v, qkv, B, T, NH, HS, false);
    }

    @Override
    public void attentionSplitBackward(DeviceBuffer dqkv, DeviceBuffer dq, DeviceBuffer dk, DeviceBuffer dv, int B,
                                       int T, int NH, int HS) {
        TrainChecks.heads(this, B, T, NH, HS, dqkv, 3, dq, dk, dv);
        device.attention().attentionSplit(dq, dk, dv, dqkv, B, T, NH, HS, true);
    }

    @Override
    public void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS) {
        TrainChecks.heads(this, B, T, NH, HS, out, 1, y);
        device.attention().attentionMerge(out, y, B, T, NH, HS, false);
    }

    @Override
    public void attentionMergeBackward(DeviceBuffer dy, DeviceBuffer dout, int B, int T, int NH, int HS) {
        TrainChecks.heads(this, B, T, NH, HS, dout, 1, dy);
        device.attention().attentionMerge(dout, dy, B, T, NH, HS, true);
    }

    @Override
    public void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale) {
        TrainChecks.softmax(this, att, preatt, null, rows, T, scale);
        device.attention().causalSoftmaxForward(att, preatt, rows, T, scale);
    }

    @Override
    public void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T,
                                      float scale) {
        TrainChecks.softmax(this, dpreatt, datt, att, rows, T, scale);
        device.attention().causalSoftmaxBackward(dpreatt, datt, att, rows, T, scale);
    }

    @Override
    public void ropeForward(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS) {
        TrainChecks.rope(this, out, inp, table, rows, T, HS);
        device.rope().rope(out, inp, table, rows, T, HS, false);
    }

    @Override
    public void ropeBackward(DeviceBuffer dinp, DeviceBuffer dout, DeviceBuffer table, int rows, int T, int HS) {
        TrainChecks.rope(this, dinp, dout, table, rows, T, HS);
        device.rope().rope(dinp, dout, table, rows, T, HS, true);
    }

    // ---- training ops: classifier, optimizer ----

    @Override
    public void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets,
                             int rows, int V, int Vp, float dloss) {
        TrainChecks.crossEntropy(this, losses, dlogits, logits, targets, rows, V, Vp);
        device.crossEntropy().crossEntropy(losses, dlogits, logits, targets, rows, V, Vp, dloss);
    }

    @Override
    public void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep step) {
        TrainChecks.elementwise(this, n, params, grads, m, v);
        device.adamW().adamW(params, grads, m, v, n, step);
    }
}
