// Element-wise and column-sum kernels of the training ops: fill, scale, add, bias add, the column
// order of bias and layer-norm weight gradients, and the sum of squares of the gradient norm.
// Java twins: io.exmy.ops.Elementwise, ColumnOrder; launches: io.exmy.backend.kernel.ElementwiseKernels.
//
// Element-wise kernels are 1-D grid-stride loops, 16-byte vectors where every pointer is aligned
// (the result of an element never depends on how it was loaded).
#include "exmy_train.cuh"

__device__ __forceinline__ bool exmy_aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15u) == 0; }

extern "C" __global__ void exmy_fill(float* x, long long n, float value) {
    const long long stride = (long long)gridDim.x * blockDim.x;
    const long long nvec = exmy_aligned16(x) ? n >> 2 : 0;
    const float4 v = make_float4(value, value, value, value);
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < nvec; i += stride)
        reinterpret_cast<float4*>(x)[i] = v;
    for (long long i = 4 * nvec + (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) x[i] = value;
}
EXMY_KERNEL(exmy_fill)

extern "C" __global__ void exmy_scale(float* x, long long n, float factor) {
    const long long stride = (long long)gridDim.x * blockDim.x;
    const long long nvec = exmy_aligned16(x) ? n >> 2 : 0;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < nvec; i += stride) {
        float4 v = reinterpret_cast<float4*>(x)[i];
        v.x = v.x * factor;
        v.y = v.y * factor;
        v.z = v.z * factor;
        v.w = v.w * factor;
        reinterpret_cast<float4*>(x)[i] = v;
    }
    for (long long i = 4 * nvec + (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        x[i] = x[i] * factor;
}
EXMY_KERNEL(exmy_scale)

// out = a + b; out may be a or b (each element is read and written by the same thread).
extern "C" __global__ void exmy_add(float* out, const float* a, const float* b, long long n) {
    const long long stride = (long long)gridDim.x * blockDim.x;
    const long long nvec = exmy_aligned16(out) && exmy_aligned16(a) && exmy_aligned16(b) ? n >> 2 : 0;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < nvec; i += stride) {
        const float4 x = reinterpret_cast<const float4*>(a)[i];
        const float4 y = reinterpret_cast<const float4*>(b)[i];
        reinterpret_cast<float4*>(out)[i] = make_float4(x.x + y.x, x.y + y.y, x.z + y.z, x.w + y.w);
    }
    for (long long i = 4 * nvec + (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        out[i] = a[i] + b[i];
}
EXMY_KERNEL(exmy_add)

// out[r][c] += bias[c]: one warp per row, lanes along c.
extern "C" __global__ void exmy_bias_add(float* out, const float* __restrict__ bias, long long rows, int cols) {
    const int lane = threadIdx.x & 31;
    const long long warps = ((long long)gridDim.x * blockDim.x) >> 5;
    for (long long r = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5; r < rows; r += warps) {
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
    const long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += stride) {
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
    const int lane = threadIdx.x & 31;
    const long long chunks = (n + EXMY_SUMSQ_CHUNK - 1) / EXMY_SUMSQ_CHUNK;
    const long long warps = ((long long)gridDim.x * blockDim.x) >> 5;
    for (long long k = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5; k < chunks; k += warps) {
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
    const int lane = threadIdx.x & 31;
    float s = 0.0f;
    for (long long k = lane; k < chunks; k += 32) s = s + partial[k];
    s = exmy_warp_sum(s);
    if (lane == 0) out[0] = s;
}
EXMY_KERNEL(exmy_sumsq_fold)
