package io.exmy.backend.kernel;

import io.exmy.backend.Device;
import io.exmy.backend.DeviceBuffer;
import io.exmy.matmul.GemmShape;

/**
 * Launches of {@code cuda/matmul.cu}: which tile shape the exact GEMM uses, its grid, and the BF16
 * packing of operands for the fast GEMM.
 */
final class MatmulKernels extends KernelModule implements Device.Matmul<DeviceBuffer> {
    /** Flag bits, as {@code EXMY_GEMM_*} in {@code cuda/exmy_gemm.cuh}. */
    static final int ACCUMULATE = 4;
    /** CUDA's limit on grid.y and grid.z. */
    static final int GRID_YZ_LIMIT = 65535;
    static final int PACK_BLOCK = 128;

    /** A compiled tile shape of the exact GEMM: BM × BN outputs per block of {@code threads} threads. */
    enum Tile {
        LARGE(128, 128, 256), SMALL(64, 64, 64);

        final int bm;
        final int bn;
        final int threads;

        Tile(int bm, int bn, int threads) {
            this.bm = bm;
            this.bn = bn;
            this.threads = threads;
        }

        long blocks(GemmShape s) {
            return Grid.ceilDiv(s.m(), bm) * Grid.ceilDiv(s.n(), bn) * (long) s.batch();
        }

        String kernel(GemmShape s) {
            return "exmy_gemm_f32_" + bm + "x" + bn + "_" + (s.transA() ? "t" : "n") + (s.transB() ? "t" : "n");
        }
    }

    MatmulKernels(KernelRuntime rt, Grid grid) {
        super(rt, grid, "matmul");
    }

    /**
     * 128×128 tiles once they fill every multiprocessor at least once; below that, 64×64 tiles give
     * four times as many blocks (a 1024² product has 64 large tiles for an H100's 132 SMs).
     */
    Tile tile(GemmShape s) {
        return Tile.LARGE.blocks(s) >= grid.resident(1) ? Tile.LARGE : Tile.SMALL;
    }

    @Override
    public void gemm(GemmShape s, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        if (s.m() == 0 || s.n() == 0) {
            return;
        }
        // K = 0 still launches: C becomes +0, or keeps its values (NaN canonicalised) when accumulating.
        Tile t = tile(s);
        long gridY = Grid.ceilDiv(s.m(), t.bm);
        if (gridY > GRID_YZ_LIMIT) {
            throw new IllegalArgumentException("GEMM with m=" + s.m() + " rows needs " + gridY + " row tiles; the GPU"
                    + " grid allows " + GRID_YZ_LIMIT + " (split it into row blocks of at most "
                    + (long) GRID_YZ_LIMIT * t.bm + ")");
        }
        LaunchConfig config = new LaunchConfig(new Dim3((int) Grid.ceilDiv(s.n(), t.bn), (int) gridY,
                Math.min(s.batch(), GRID_YZ_LIMIT)), Dim3.of(t.threads), 0);
        launch(t.kernel(s), config, new KernelArgs().buffer(a).buffer(b).buffer(c)
                .i32(s.m()).i32(s.n()).i32(s.k()).i32(s.lda()).i32(s.ldb()).i32(s.ldc())
                .i64(s.strideA()).i64(s.strideB()).i64(s.strideC()).i32(s.batch())
                .i32(s.accumulate() ? ACCUMULATE : 0));
    }

    /**
     * Packs {@code batch} matrices of rows × cols (row stride {@code ld}, batch stride
     * {@code stride}) from {@code x} densely into BF16 in {@code out} (U8, 2 bytes per element) and
     * adds to {@code inexact} (I32, one element) the number of threads that met a value BF16 cannot
     * hold exactly — zero iff every value converted exactly.
     */
    void packBf16(DeviceBuffer x, DeviceBuffer out, int rows, int cols, int ld, long stride, int batch,
                  DeviceBuffer inexact) {
        long allRows = (long) rows * batch;
        if (allRows == 0 || cols == 0) {
            return;
        }
        // x: groups of 4 columns, PACK_BLOCK per block; y: rows, grid-stride beyond CUDA's limit
        LaunchConfig config = new LaunchConfig(new Dim3((int) Grid.ceilDiv(Grid.ceilDiv(cols, 4), PACK_BLOCK),
                (int) Math.min(allRows, GRID_YZ_LIMIT), 1), Dim3.of(PACK_BLOCK), 0);
        launch("exmy_pack_bf16", config, new KernelArgs().buffer(x).buffer(out)
                .i32(rows).i32(cols).i32(ld).i64(stride).i32(batch).buffer(inexact));
    }
}
