// Element-wise and column-sum kernels of the training ops: fill, scale, add, bias add, the column
// order of bias and layer-norm weight gradients, and the sum of squares of the gradient norm.
// Java twins: io.exmy.ops.Elementwise, ColumnOrder; launches: io.exmy.backend.kernel.ElementwiseKernels.
//
// Element-wise kernels are 1-D grid-stride loops, 16-byte vectors where every pointer is aligned
// (exmy_map in exmy_kernel.cuh).
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

extern "C" __global__ void exmy_fill(float* x, long long n, float value) {
    exmy_map(x, n, [&]() { return value; });
}
EXMY_KERNEL(exmy_fill)

extern "C" __global__ void exmy_scale(float* x, long long n, float factor) {
    exmy_map(x, n, [&](float v) { return v * factor; }, x);
}
EXMY_KERNEL(exmy_scale)

// out = a + b; out may be a or b.
extern "C" __global__ void exmy_add(float* out, const float* a, const float* b, long long n) {
    exmy_map(out, n, [](float x, float y) { return x + y; }, a, b);
}
EXMY_KERNEL(exmy_add)

// out[r][c] += bias[c]: one warp per row, lanes along c.
extern "C" __global__ void exmy_bias_add(float* out, const float* __restrict__ bias, long long rows, int cols) {
    const int lane = exmy_lane();
    const long long warps = exmy_warp_count();
    for (long long r = exmy_warp_index(); r < rows; r += warps) {
        float* o = out + r * cols;
        for (int c = lane; c < cols; c += 32) o[c] = o[c] + bias[c];
    }
}
EXMY_KERNEL(exmy_bias_add)

// The column order (io.exmy.ops.ColumnOrder), first level: partial[k][c] = sum of x[r][c] over the
// 8 rows of chunk k, ascending, from +0. One thread per (chunk, column); loads coalesce along c.
#define EXMY_COLUMN_ROWS 8
extern "C" __global__ void exmy_column_partials(float* __restrict__ partial, const float* __restrict__ x, int rows,
                                                int cols) {
    const long long chunks = (rows + EXMY_COLUMN_ROWS - 1) / EXMY_COLUMN_ROWS;
    const long long total = chunks * cols;
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < total; i += stride) {
        const long long k = i / cols;
        const int c = (int)(i - k * cols);
        const int r1 = (int)min((long long)rows, (k + 1) * EXMY_COLUMN_ROWS);
        float s = 0.0f;
        for (int r = (int)(k * EXMY_COLUMN_ROWS); r < r1; ++r) s = s + x[(long long)r * cols + c];
        partial[i] = s;
    }
}
EXMY_KERNEL(exmy_column_partials)

// Second level: for each column, the chunk partials summed in warp order (lane l of the order takes
// chunks l, l+32, ... in sequence; then the butterfly) and added to dst[c] once. A 32x8 block takes
// 32 columns: thread (x, y) runs the order's lanes y, y+8, y+16, y+24 of column x, so loads coalesce
// along the columns; the 32 lane sums of each column meet in shared memory, and warp y runs the
// butterfly of columns y, y+8, y+16, y+24.
extern "C" __global__ void __launch_bounds__(256)
exmy_column_fold(float* dst, const float* __restrict__ partial, int chunks, int cols) {
    __shared__ float lanes[32][33];
    const int tx = threadIdx.x;
    const int ty = threadIdx.y;
    for (long long c0 = (long long)blockIdx.x * 32; c0 < cols; c0 += (long long)gridDim.x * 32) {
        const long long c = c0 + tx;
        for (int q = 0; q < 4; ++q) {
            const int lane = ty + 8 * q;
            float s = 0.0f;
            if (c < cols)
                for (int k = lane; k < chunks; k += 32) s = s + partial[(long long)k * cols + c];
            lanes[lane][tx] = s;
        }
        __syncthreads();
        for (int q = 0; q < 4; ++q) {
            const int col = ty + 8 * q;
            const float total = exmy_warp_sum(lanes[tx][col]);
            if (tx == 0 && c0 + col < cols) dst[c0 + col] = dst[c0 + col] + total;
        }
        __syncthreads();
    }
}
EXMY_KERNEL(exmy_column_fold)

// Sum of squares, first level: one warp per chunk of 8192 elements, lane l accumulating
// fma(x, x, acc) over elements l, l + 32, ... of the chunk, then the butterfly.
#define EXMY_SUMSQ_CHUNK 8192
extern "C" __global__ void exmy_sumsq_partials(float* __restrict__ partial, const float* __restrict__ x, long long n) {
    const int lane = exmy_lane();
    const long long chunks = (n + EXMY_SUMSQ_CHUNK - 1) / EXMY_SUMSQ_CHUNK;
    const long long warps = exmy_warp_count();
    for (long long k = exmy_warp_index(); k < chunks; k += warps) {
        const float* c = x + k * EXMY_SUMSQ_CHUNK;
        const long long len = min((long long)EXMY_SUMSQ_CHUNK, n - k * EXMY_SUMSQ_CHUNK);
        float s = 0.0f;
        for (long long j = lane; j < len; j += 32) s = exmy_fma(c[j], c[j], s);
        s = exmy_warp_sum(s);
        if (lane == 0) partial[k] = s;
    }
}
EXMY_KERNEL(exmy_sumsq_partials)

// Second level: one warp sums the chunk partials in warp order into out[0].
extern "C" __global__ void exmy_sumsq_fold(float* out, const float* __restrict__ partial, long long chunks) {
    const int lane = exmy_lane();
    float s = 0.0f;
    for (long long k = lane; k < chunks; k += 32) s = s + partial[k];
    s = exmy_warp_sum(s);
    if (lane == 0) out[0] = s;
}
EXMY_KERNEL(exmy_sumsq_fold)
