// Hadamard-transform kernels (reference: io.exmy.transform.Hadamard; launch geometry:
// io.exmy.backend.kernel.HadamardKernels). One entry point per axis and size n, so that n is a
// compile-time constant, every loop unrolls and each vector lives in registers (a runtime-sized
// array would be placed in local memory, the stack):
//
//   exmy_hadamard_rows_N  n <= 32: a thread per vector of N consecutive elements, loaded and
//                         stored 16 bytes at a time (8 for n = 2) when both pointers allow it.
//                         n >= 64: a warp per vector; lane l holds elements r*32 + l, r < N/32,
//                         so every load and store of the warp is 128 consecutive bytes.
//   exmy_hadamard_cols_N  n <= 32: a thread per vector down a column, consecutive threads on
//                         consecutive columns (every load and store coalesced).
//                         n >= 64: a CTA per tile of N rows x 32 columns: the tile is loaded
//                         coalesced into shared memory, each warp transforms whole columns of it
//                         as the row kernel does, and the tile is stored coalesced.
//
// Bit-for-bit equality with the reference: whatever holds the elements (a thread's registers or
// a warp's), every butterfly output is one float32 addition or subtraction of the same two
// operands, a + b for the element of lower index i and a - b for i + h (a = u_i, b = u_{i+h}),
// in the same stage order h = 1, 2, ..., n/2; flips, scale and NaN canonicalisation are per
// element, in the reference's order. The pairs of one stage are independent, so which thread
// computes which pair changes nothing.
//
// Each vector is loaded whole before any of it is stored and no two vectors overlap, so
// in == out is allowed. Grid-stride loops (over vectors, warps' vectors or tiles).
#include "exmy_kernel.cuh"
#include "exmy_hadamard.cuh"

#define EXMY_HADAMARD_BLOCK 256
// Shared-memory row pitch of the column tiles: 33 floats, so that the 32 lanes reading element
// r*32 + l of one column hit 32 different banks ((r*32 + l)*33 + c = r + l + c mod 32).
#define EXMY_HADAMARD_PITCH 33

// Rows, n <= 32: a thread per vector. A vector starts at element v*N of the flattened tensor (the
// columns are a multiple of N), so with 16-byte aligned pointers every vector is 16-byte aligned.
// A warp's 16-byte loads of one step cover 32 vectors' j-th quarters; the next steps hit the same
// L1 lines, so DRAM sees each byte once.
template <int N>
__device__ __forceinline__ void exmy_hadamard_rows_thread(const float* in, float* out, long long rows,
                                                          long long cols, const exmy_hadamard_spec& spec) {
    const long long vectors = rows * (cols / N);
    const long long stride = exmy_thread_count();
    constexpr uintptr_t V = N >= 4 ? 16u : 8u;  // bytes per vector access
    const bool wide = ((reinterpret_cast<uintptr_t>(in) | reinterpret_cast<uintptr_t>(out)) & (V - 1)) == 0;
    for (long long v = exmy_thread_index(); v < vectors; v += stride) {
        const long long base = v * N;
        float u[N];
        if (wide && N >= 4) {
            EXMY_UNROLL
            for (int j = 0; j < N / 4; ++j) {
                const float4 f = exmy_load16(in + base + 4 * j);
                u[4 * j] = f.x; u[4 * j + 1] = f.y; u[4 * j + 2] = f.z; u[4 * j + 3] = f.w;
            }
        } else if (wide) {
            const float2 f = reinterpret_cast<const float2*>(in + base)[0];
            u[0] = f.x; u[1] = f.y;
        } else {
            EXMY_UNROLL
            for (int k = 0; k < N; ++k) u[k] = in[base + k];
        }
        exmy_hadamard_fixed<N>(u, spec);
        if (wide && N >= 4) {
            EXMY_UNROLL
            for (int j = 0; j < N / 4; ++j) {
                exmy_store16(out + base + 4 * j, make_float4(u[4 * j], u[4 * j + 1], u[4 * j + 2], u[4 * j + 3]));
            }
        } else if (wide) {
            reinterpret_cast<float2*>(out + base)[0] = make_float2(u[0], u[1]);
        } else {
            EXMY_UNROLL
            for (int k = 0; k < N; ++k) out[base + k] = u[k];
        }
    }
}

// The transform of one vector of N = 32*R elements held by a warp: lane l holds element r*32 + l in
// u[r]. Stages h < 32 pair lanes l and l ^ h in the same register: the lane of the lower index
// (bit h of l clear) computes a + b, its partner a - b, each from the same a = u_i and b = u_{i+h}.
// Stages h >= 32 pair registers r and r + h/32 of the same lane. All 32 lanes must call it.
template <int N>
__device__ __forceinline__ void exmy_hadamard_warp(float* u, int lane, const exmy_hadamard_spec& s) {
    constexpr int R = N / 32;
    if (!s.inverse) {
        EXMY_UNROLL
        for (int r = 0; r < R; ++r) u[r] = exmy_hadamard_flip1(u[r], s, r * 32 + lane);
    }
    EXMY_UNROLL
    for (int h = 1; h < 32; h <<= 1) {
        const bool low = (lane & h) == 0;
        EXMY_UNROLL
        for (int r = 0; r < R; ++r) {
            const float other = __shfl_xor_sync(EXMY_FULL_WARP, u[r], h);
            const float a = low ? u[r] : other;
            const float b = low ? other : u[r];
            const float sum = a + b;
            const float diff = a - b;
            u[r] = low ? sum : diff;
        }
    }
    exmy_hadamard_butterfly<R>(u);  // stages h = 32, 64, ...: registers r and r + h/32
    const float c = exmy_hadamard_scale(N);
    EXMY_UNROLL
    for (int r = 0; r < R; ++r) {
        const float v = u[r] * c;
        u[r] = v;
    }
    if (s.inverse) {
        EXMY_UNROLL
        for (int r = 0; r < R; ++r) u[r] = exmy_hadamard_flip1(u[r], s, r * 32 + lane);
    }
    EXMY_UNROLL
    for (int r = 0; r < R; ++r) u[r] = exmy_hadamard_canonical(u[r]);
}

// Rows, n >= 64: a warp per vector (the loop bound is the same for all lanes of a warp).
template <int N>
__device__ __forceinline__ void exmy_hadamard_rows_warp(const float* in, float* out, long long rows,
                                                        long long cols, const exmy_hadamard_spec& spec) {
    constexpr int R = N / 32;
    const int lane = exmy_lane();
    const long long vectors = rows * (cols / N);
    const long long warps = exmy_warp_count();
    for (long long v = exmy_warp_index(); v < vectors; v += warps) {
        const long long base = v * N + lane;
        float u[R];
        EXMY_UNROLL
        for (int r = 0; r < R; ++r) u[r] = in[base + r * 32];
        exmy_hadamard_warp<N>(u, lane, spec);
        EXMY_UNROLL
        for (int r = 0; r < R; ++r) out[base + r * 32] = u[r];
    }
}

// Columns, n <= 32: a thread per vector, consecutive threads on consecutive columns.
template <int N>
__device__ __forceinline__ void exmy_hadamard_cols_thread(const float* in, float* out, long long rows,
                                                          long long cols, const exmy_hadamard_spec& spec) {
    const long long vectors = (rows / N) * cols;
    const long long stride = exmy_thread_count();
    for (long long v = exmy_thread_index(); v < vectors; v += stride) {
        const long long base = (v / cols) * N * cols + v % cols;
        float u[N];
        EXMY_UNROLL
        for (int k = 0; k < N; ++k) u[k] = in[base + k * cols];
        exmy_hadamard_fixed<N>(u, spec);
        EXMY_UNROLL
        for (int k = 0; k < N; ++k) out[base + k * cols] = u[k];
    }
}

// Columns, n >= 64: a thread cannot hold a column's N elements in registers, so a CTA stages a
// tile of N rows x 32 columns in shared memory (N * 33 floats of dynamic shared memory): warps
// load and store it a row (128 bytes) at a time, and transform its columns as a warp does a row
// vector. The loop over tiles and the loops over columns are uniform in a CTA and a warp, so every
// lane reaches every barrier and shuffle. Needs blockDim.x a multiple of 32.
template <int N>
__device__ __forceinline__ void exmy_hadamard_cols_tile(const float* in, float* out, long long rows,
                                                        long long cols, const exmy_hadamard_spec& spec) {
    EXMY_DYNAMIC_SHARED(float, tile);
    constexpr int R = N / 32;
    constexpr int P = EXMY_HADAMARD_PITCH;
    const int lane = exmy_lane();
    const int warp = threadIdx.x >> 5;
    const int warps = blockDim.x >> 5;
    const long long strips = (cols + 31) / 32;
    const long long tiles = (rows / N) * strips;
    for (long long t = blockIdx.x; t < tiles; t += gridDim.x) {
        const long long c0 = (t % strips) * 32;
        const long long origin = (t / strips) * N * cols + c0;
        const int width = (int)(cols - c0 < 32 ? cols - c0 : 32);
        for (int k = warp; k < N; k += warps) {
            if (lane < width) tile[k * P + lane] = in[origin + k * cols + lane];
        }
        __syncthreads();
        for (int c = warp; c < width; c += warps) {
            float u[R];
            EXMY_UNROLL
            for (int r = 0; r < R; ++r) u[r] = tile[(r * 32 + lane) * P + c];
            exmy_hadamard_warp<N>(u, lane, spec);
            EXMY_UNROLL
            for (int r = 0; r < R; ++r) tile[(r * 32 + lane) * P + c] = u[r];
        }
        __syncthreads();
        for (int k = warp; k < N; k += warps) {
            if (lane < width) out[origin + k * cols + lane] = tile[k * P + lane];
        }
        // Not needed while the load and store loops give each thread the same elements (a thread
        // overwrites only what it has just stored; under TSan, dropping it reports nothing, while
        // dropping the barrier above reports the race): kept so a change of either loop stays safe.
        __syncthreads();
    }
}

#define EXMY_HADAMARD_ENTRY(axis, N, impl)                                                                   \
    extern "C" __global__ void __launch_bounds__(EXMY_HADAMARD_BLOCK) exmy_hadamard_##axis##_##N(          \
        const float* in, float* out, long long rows, long long cols, exmy_hadamard_spec spec) {              \
        impl<N>(in, out, rows, cols, spec);                                                                  \
    }                                                                                                        \
    EXMY_KERNEL(exmy_hadamard_##axis##_##N)

EXMY_HADAMARD_ENTRY(rows, 2, exmy_hadamard_rows_thread)
EXMY_HADAMARD_ENTRY(rows, 4, exmy_hadamard_rows_thread)
EXMY_HADAMARD_ENTRY(rows, 8, exmy_hadamard_rows_thread)
EXMY_HADAMARD_ENTRY(rows, 16, exmy_hadamard_rows_thread)
EXMY_HADAMARD_ENTRY(rows, 32, exmy_hadamard_rows_thread)
EXMY_HADAMARD_ENTRY(rows, 64, exmy_hadamard_rows_warp)
EXMY_HADAMARD_ENTRY(rows, 128, exmy_hadamard_rows_warp)
EXMY_HADAMARD_ENTRY(rows, 256, exmy_hadamard_rows_warp)

EXMY_HADAMARD_ENTRY(cols, 2, exmy_hadamard_cols_thread)
EXMY_HADAMARD_ENTRY(cols, 4, exmy_hadamard_cols_thread)
EXMY_HADAMARD_ENTRY(cols, 8, exmy_hadamard_cols_thread)
EXMY_HADAMARD_ENTRY(cols, 16, exmy_hadamard_cols_thread)
EXMY_HADAMARD_ENTRY(cols, 32, exmy_hadamard_cols_thread)
EXMY_HADAMARD_ENTRY(cols, 64, exmy_hadamard_cols_tile)
EXMY_HADAMARD_ENTRY(cols, 128, exmy_hadamard_cols_tile)
EXMY_HADAMARD_ENTRY(cols, 256, exmy_hadamard_cols_tile)
