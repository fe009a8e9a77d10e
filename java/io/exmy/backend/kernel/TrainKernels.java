package io.exmy.backend.kernel;

import io.exmy.backend.DType;
import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.ops.AdamWStep;
import io.exmy.ops.ColumnOrder;
import io.exmy.ops.CrossEntropy;
import io.exmy.ops.Elementwise;

/**
 * Launches of the training-op kernels ({@code cuda/elementwise.cu}, {@code gelu.cu}, {@code encoder.cu},
 * {@code layernorm.cu}, {@code attention.cu}, {@code rope.cu}, {@code crossentropy.cu}, {@code adamw.cu}): the launch
 * geometry of every training op, the same on the GPU and under emulation.
 *
 * <p>Element-wise kernels: 1-D grid-stride loops of 256-thread blocks. Row kernels (layer norm, softmax,
 * layouts, embeddings, bias): one warp per row, 4 warps per block, grid-stride over rows. The
 * classifier: one 256-thread block per row. Column folds: 32×8 blocks of 32 columns. Results
 * never depend on the grid: the reduction orders are fixed by the row and lane, not by the launch.
 * The column sums and the sum of squares write chunk partials to a scratch buffer that this class
 * keeps (grown on demand; stream order makes its reuse safe).
 */
final class TrainKernels implements Device.Elementwise<DeviceBuffer>, Device.Gelu<DeviceBuffer>,
        Device.Encoder<DeviceBuffer>, Device.LayerNorm<DeviceBuffer>, Device.Attention<DeviceBuffer>,
        Device.Rope<DeviceBuffer>, Device.CrossEntropy<DeviceBuffer>, Device.AdamW<DeviceBuffer>, AutoCloseable {
    static final int BLOCK = 256;
    static final int ROW_BLOCK = 128;
    static final int WARPS_PER_ROW_BLOCK = ROW_BLOCK / 32;
    /** Resident blocks per multiprocessor the grid-stride loops aim for. */
    static final int BLOCKS_PER_SM = 8;
    /** Dynamic shared memory a block may use without opting in on every GPU since sm_70. */
    static final int SHARED_DEFAULT = 48 * 1024;
    /** The opt-in limit on sm_80 and sm_90 (227 KiB on sm_90, 163 KiB on sm_80: the smaller). */
    static final int SHARED_MAX = 163 * 1024;

    private final KernelRuntime rt;
    private DeviceBuffer scratch;

    TrainKernels(KernelRuntime rt) {
        this.rt = rt;
    }

    /** Blocks of {@code block} threads for {@code work} items one per thread, capped at a full wave. */
    private int grid(long work, int block) {
        long cap = (long) rt.properties().multiprocessors() * BLOCKS_PER_SM * (BLOCK / Math.min(BLOCK, block));
        return (int) Math.max(1, Math.min(cap, (work + block - 1) / block));
    }

    private LaunchConfig elementwise(long n) {
        return LaunchConfig.of(grid(n, BLOCK), BLOCK);
    }

    /** One warp per row (or per chunk of rows). */
    private LaunchConfig warps(long rows) {
        return LaunchConfig.of(grid(rows * 32, ROW_BLOCK), ROW_BLOCK);
    }

    /** A scratch buffer of at least n floats (reused across launches in stream order). */
    private DeviceBuffer scratch(long n) {
        if (scratch == null || scratch.length() < n) {
            if (scratch != null) {
                scratch.close();
            }
            scratch = rt.allocate(null, DType.F32, Math.max(n, 1 << 16));
        }
        return scratch;
    }

    @Override
    public void close() {
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
    }

    private void launch(String module, String kernel, LaunchConfig c, KernelArgs args) {
        rt.launch(module, kernel, c, args);
    }

    // ---- element-wise ----

    @Override
    public void fill(DeviceBuffer x, long n, float value) {
        if (n > 0) {
            launch("elementwise", "exmy_fill", elementwise((n + 3) / 4), new KernelArgs().buffer(x).i64(n).f32(value));
        }
    }

    @Override
    public void scale(DeviceBuffer x, long n, float factor) {
        if (n > 0) {
            launch("elementwise", "exmy_scale", elementwise((n + 3) / 4), new KernelArgs().buffer(x).i64(n).f32(factor));
        }
    }

    @Override
    public void add(DeviceBuffer out, DeviceBuffer a, DeviceBuffer b, long n) {
        if (n > 0) {
            launch("elementwise", "exmy_add", elementwise((n + 3) / 4),
                    new KernelArgs().buffer(out).buffer(a).buffer(b).i64(n));
        }
    }

    @Override
    public void biasAdd(DeviceBuffer out, DeviceBuffer bias, int rows, int cols) {
        if (rows > 0) {
            launch("elementwise", "exmy_bias_add", warps(rows),
                    new KernelArgs().buffer(out).buffer(bias).i64(rows).i32(cols));
        }
    }

    @Override
    public void biasBackward(DeviceBuffer dbias, DeviceBuffer dout, int rows, int cols) {
        if (rows == 0) {
            return;
        }
        int chunks = ColumnOrder.chunks(rows);
        DeviceBuffer partial = scratch((long) chunks * cols);
        launch("elementwise", "exmy_column_partials", elementwise((long) chunks * cols),
                new KernelArgs().buffer(partial).buffer(dout).i32(rows).i32(cols));
        columnFold(dbias, partial, chunks, cols);
    }

    private void columnFold(DeviceBuffer dst, DeviceBuffer partial, int chunks, int cols) {
        int blocks = (int) Math.max(1, Math.min((long) rt.properties().multiprocessors() * BLOCKS_PER_SM,
                (cols + 31) / 32));
        launch("elementwise", "exmy_column_fold", new LaunchConfig(Dim3.of(blocks), Dim3.of(32, 8), 0),
                new KernelArgs().buffer(dst).buffer(partial).i32(chunks).i32(cols));
    }

    @Override
    public void geluForward(DeviceBuffer out, DeviceBuffer inp, long n) {
        if (n > 0) {
            launch("gelu", "exmy_gelu_forward", elementwise((n + 3) / 4), new KernelArgs().buffer(out).buffer(inp).i64(n));
        }
    }

    @Override
    public void geluBackward(DeviceBuffer dinp, DeviceBuffer inp, DeviceBuffer dout, long n) {
        if (n > 0) {
            launch("gelu", "exmy_gelu_backward", elementwise((n + 3) / 4),
                    new KernelArgs().buffer(dinp).buffer(inp).buffer(dout).i64(n));
        }
    }

    // ---- embeddings ----

    @Override
    public void encoderForward(DeviceBuffer out, DeviceBuffer tokens, DeviceBuffer wte, DeviceBuffer wpe, int B, int T,
                               int C, int V) {
        launch("encoder", "exmy_encoder_forward", warps((long) B * T),
                new KernelArgs().buffer(out).buffer(tokens).buffer(wte).buffer(wpe == null ? wte : wpe).i32(B).i32(T)
                        .i32(C).i32(V).i32(wpe == null ? 0 : 1));
    }

    /** Channels per warp of the token-table gradient (cuda/encoder.cu EXMY_ENC_GROUP). */
    static final int ENCODER_GROUP = 128;

    @Override
    public void encoderBackward(DeviceBuffer dwte, DeviceBuffer dwpe, DeviceBuffer dout, DeviceBuffer tokens, int B,
                                int T, int C, int V) {
        long groups = (C + ENCODER_GROUP - 1) / ENCODER_GROUP;
        launch("encoder", "exmy_encoder_backward_wte", warps((long) B * T * groups),
                new KernelArgs().buffer(dwte).buffer(dout).buffer(tokens).i32(B * T).i32(C).i32(V));
        if (dwpe != null) {
            launch("encoder", "exmy_encoder_backward_wpe", elementwise((long) T * C),
                    new KernelArgs().buffer(dwpe).buffer(dout).i32(B).i32(T).i32(C));
        }
    }

    // ---- layer norm ----

    @Override
    public void layerNormForward(DeviceBuffer out, DeviceBuffer mean, DeviceBuffer rstd, DeviceBuffer inp,
                                 DeviceBuffer weight, DeviceBuffer bias, int rows, int C, float eps) {
        if (rows > 0) {
            launch("layernorm", "exmy_layernorm_forward", warps(rows),
                    new KernelArgs().buffer(out).buffer(mean).buffer(rstd).buffer(inp).buffer(weight).buffer(bias)
                            .i32(rows).i32(C).f32(eps));
        }
    }

    @Override
    public void layerNormBackward(DeviceBuffer dinp, DeviceBuffer dweight, DeviceBuffer dbias, DeviceBuffer dout,
                                  DeviceBuffer inp, DeviceBuffer weight, DeviceBuffer mean, DeviceBuffer rstd, int rows,
                                  int C) {
        long perWarp = 2L * C * Float.BYTES;
        if (perWarp > SHARED_MAX) {
            throw new IllegalArgumentException("layer norm backward keeps 2·C floats per warp in shared memory: C = " + C
                    + " needs " + perWarp + " bytes, more than the " + SHARED_MAX + " a block may have; C ≤ "
                    + SHARED_MAX / 8 + " is supported");
        }
        if (rows == 0) {
            return;
        }
        int warpsPerBlock = (int) Math.max(1, Math.min(WARPS_PER_ROW_BLOCK, SHARED_DEFAULT / perWarp));
        int chunks = ColumnOrder.chunks(rows);
        int blocks = (int) Math.max(1, Math.min((long) rt.properties().multiprocessors() * BLOCKS_PER_SM * 4,
                (chunks + warpsPerBlock - 1) / warpsPerBlock));
        DeviceBuffer partial = scratch(2L * chunks * C);
        DeviceBuffer pw = partial.slice(0, (long) chunks * C);
        DeviceBuffer pb = partial.slice((long) chunks * C, (long) chunks * C);
        launch("layernorm", "exmy_layernorm_backward",
                new LaunchConfig(Dim3.of(blocks), Dim3.of(32 * warpsPerBlock), (int) (warpsPerBlock * perWarp)),
                new KernelArgs().buffer(dinp).buffer(pw).buffer(pb).buffer(dout).buffer(inp).buffer(weight)
                        .buffer(mean).buffer(rstd).i32(rows).i32(C));
        columnFold(dweight, pw, chunks, C);
        columnFold(dbias, pb, chunks, C);
    }

    // ---- attention ----

    @Override
    public void attentionSplit(DeviceBuffer q, DeviceBuffer k, DeviceBuffer v, DeviceBuffer qkv, int B, int T, int NH,
                               int HS, boolean backward) {
        launch("attention", "exmy_attention_split", warps((long) B * T * NH), new KernelArgs().buffer(q).buffer(k)
                .buffer(v).buffer(qkv).i32(B).i32(T).i32(NH).i32(HS).i32(backward ? 1 : 0));
    }

    @Override
    public void attentionMerge(DeviceBuffer out, DeviceBuffer y, int B, int T, int NH, int HS, boolean backward) {
        launch("attention", "exmy_attention_merge", warps((long) B * T * NH),
                new KernelArgs().buffer(out).buffer(y).i32(B).i32(T).i32(NH).i32(HS).i32(backward ? 1 : 0));
    }

    @Override
    public void causalSoftmaxForward(DeviceBuffer att, DeviceBuffer preatt, int rows, int T, float scale) {
        if (rows > 0) {
            launch("attention", "exmy_softmax_forward", warps(rows),
                    new KernelArgs().buffer(att).buffer(preatt).i32(rows).i32(T).f32(scale));
        }
    }

    @Override
    public void causalSoftmaxBackward(DeviceBuffer dpreatt, DeviceBuffer datt, DeviceBuffer att, int rows, int T,
                                      float scale) {
        if (rows > 0) {
            launch("attention", "exmy_softmax_backward", warps(rows),
                    new KernelArgs().buffer(dpreatt).buffer(datt).buffer(att).i32(rows).i32(T).f32(scale));
        }
    }

    @Override
    public void rope(DeviceBuffer out, DeviceBuffer inp, DeviceBuffer table, int rows, int T, int HS, boolean backward) {
        if (rows > 0) {
            launch("rope", "exmy_rope", warps(rows), new KernelArgs().buffer(out).buffer(inp).buffer(table).i32(rows)
                    .i32(T).i32(HS).i32(backward ? 1 : 0));
        }
    }

    // ---- classifier ----

    @Override
    public void crossEntropy(DeviceBuffer losses, DeviceBuffer dlogits, DeviceBuffer logits, DeviceBuffer targets,
                             int rows, int V, int Vp, float dloss) {
        if (rows == 0) {
            return;
        }
        int blocks = (int) Math.min(rows, (long) rt.properties().multiprocessors() * BLOCKS_PER_SM);
        launch("crossentropy", "exmy_cross_entropy", LaunchConfig.of(blocks, CrossEntropy.LANES),
                new KernelArgs().buffer(losses).buffer(dlogits == null ? logits : dlogits).buffer(logits)
                        .buffer(targets).i32(rows).i32(V).i32(Vp).f32(dloss).i32(dlogits == null ? 0 : 1));
    }

    // ---- optimizer ----

    @Override
    public void adamW(DeviceBuffer params, DeviceBuffer grads, DeviceBuffer m, DeviceBuffer v, long n, AdamWStep s) {
        if (n == 0) {
            return;
        }
        launch("adamw", "exmy_adamw", elementwise(n),
                new KernelArgs().buffer(params).buffer(grads).buffer(m).buffer(v).i64(n).words(s.words()));
    }

    @Override
    public void sumOfSquares(DeviceBuffer out, DeviceBuffer x, long n) {
        long chunks = (n + Elementwise.SUMSQ_CHUNK - 1) / Elementwise.SUMSQ_CHUNK;
        DeviceBuffer partial = scratch(Math.max(1, chunks));
        if (chunks > 0) {
            launch("elementwise", "exmy_sumsq_partials", warps(chunks),
                    new KernelArgs().buffer(partial).buffer(x).i64(n));
        }
        launch("elementwise", "exmy_sumsq_fold", LaunchConfig.of(1, 32),
                new KernelArgs().buffer(out).buffer(partial).i64(chunks));
    }
}
