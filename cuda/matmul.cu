// Matrix-product kernels: the exact tiled SGEMM, and the packing of float32 operands into BF16 for
// the fast (cuBLAS, tensor-core) GEMM. Java twins: io.exmy.matmul.ExactGemm (reference),
// io.exmy.matmul.Bf16 (packing), io.exmy.backend.kernel.MatmulKernels (launch geometry).
//
// The exact GEMM: C_b[i][j] = fma chain over k = 0, 1, ..., K-1 of op(A_b)[i][k] * op(B_b)[k][j],
// from +0 (or from C_b[i][j] when accumulating), NaN results stored as 0x7FC00000. Each thread
// owns an 8x8 register tile of C and walks k in ascending order, one FMA per k per output, so the
// tiling changes where operands come from but never the order of an output's chain: the result is
// the reference's bit for bit. A k step beyond K is never taken (padding with zeros would turn an
// accumulated -0 into +0), so the last, partial k tile runs a shorter loop.
//
// Structure (the classic SIMT SGEMM): a block computes a BM x BN tile of C with BM/8 x BN/8
// threads; per BK-wide k tile it stages op(A) (BM x BK) and op(B) (BK x BN) in shared memory,
// k-major so that a thread reads its 8 A values and 8 B values per k as four 16-byte loads; the
// next tile's global loads are issued into registers before the current tile is consumed (double
// buffering, one __syncthreads per k tile). Global loads are 16 bytes wide where the operand's
// batch base is 16-byte aligned, its leading dimension a multiple of 4 and the group inside the
// matrix; element by element otherwise (views at odd offsets, edges).
#include "exmy_gemm.cuh"
#include "exmy_kernel.cuh"

namespace {

// One operand tile: `outer` is m for A and n for B; CK says k is the contiguous index in memory
// (A not transposed, B transposed). Element (o, k) lives at x[ck ? o*ld + k : k*ld + o].
template <int BO, int BK, int THREADS, bool CK>
struct TileLoader {
    static constexpr int GROUPS = BO * BK / 4 / THREADS;  // groups of 4 elements per thread
    static_assert(BO * BK % (4 * THREADS) == 0, "tile must split into 4-element groups evenly");

    float4 v[GROUPS];

    __device__ __forceinline__ void load(const float* __restrict__ x, int ld, bool vec, int o0, int nouter, int k0,
                                         int K, int tid) {
EXMY_UNROLL
        for (int g = 0; g < GROUPS; ++g) {
            const int q = tid + g * THREADS;
            float e[4];
            if (CK) {
                const int o = o0 + q / (BK / 4), k = k0 + (q % (BK / 4)) * 4;
                if (vec && o < nouter && k + 3 < K) {
                    v[g] = exmy_load16(x + (long long)o * ld + k);
                    continue;
                }
EXMY_UNROLL
                for (int j = 0; j < 4; ++j) e[j] = (o < nouter && k + j < K) ? x[(long long)o * ld + k + j] : 0.0f;
            } else {
                const int k = k0 + q / (BO / 4), o = o0 + (q % (BO / 4)) * 4;
                if (vec && k < K && o + 3 < nouter) {
                    v[g] = exmy_load16(x + (long long)k * ld + o);
                    continue;
                }
EXMY_UNROLL
                for (int j = 0; j < 4; ++j) e[j] = (k < K && o + j < nouter) ? x[(long long)k * ld + o + j] : 0.0f;
            }
            v[g] = make_float4(e[0], e[1], e[2], e[3]);
        }
    }

    // Into shared memory laid out s[k][o] (BK rows of BO).
    __device__ __forceinline__ void store(float* s, int tid) const {
EXMY_UNROLL
        for (int g = 0; g < GROUPS; ++g) {
            const int q = tid + g * THREADS;
            if (CK) {
                const int o = q / (BK / 4), k = (q % (BK / 4)) * 4;
                s[(k + 0) * BO + o] = v[g].x;
                s[(k + 1) * BO + o] = v[g].y;
                s[(k + 2) * BO + o] = v[g].z;
                s[(k + 3) * BO + o] = v[g].w;
            } else {
                const int k = q / (BO / 4), o = (q % (BO / 4)) * 4;
                exmy_store16(s + k * BO + o, v[g]);
            }
        }
    }
};

// The thread's 8 rows (cols) of the block tile: two groups of 4, half a tile apart, so that the
// 16-byte shared-memory reads of a warp fall on distinct banks.
template <int B>
__device__ __forceinline__ int fragment_index(int t, int i) {
    return t * 4 + (i & 3) + (i >> 2) * (B / 2);
}

// One k step of a thread's 8x8 register tile: acc[i][j] = fma(a[i], b[j], acc[i][j]) with the
// thread's 8 values of op(A)'s column k and 8 of op(B)'s row k (k-major rows of shared memory).
template <int BM, int BN>
__device__ __forceinline__ void fma_step(const float* as, const float* bs, int tx, int ty, float (&acc)[8][8]) {
    const float4 a0 = exmy_load16(as + ty * 4);
    const float4 a1 = exmy_load16(as + ty * 4 + BM / 2);
    const float4 b0 = exmy_load16(bs + tx * 4);
    const float4 b1 = exmy_load16(bs + tx * 4 + BN / 2);
    const float av[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
    const float bv[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
EXMY_UNROLL
    for (int i = 0; i < 8; ++i)
EXMY_UNROLL
        for (int j = 0; j < 8; ++j) acc[i][j] = __fmaf_rn(av[i], bv[j], acc[i][j]);
}

template <int BM, int BN, int BK, bool TRANS_A, bool TRANS_B>
__device__ __forceinline__ void gemm_tiles(const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
                                           int M, int N, int K, int lda, int ldb, int ldc, long long strideA,
                                           long long strideB, long long strideC, int batch, bool accumulate) {
    constexpr int TM = 8, TN = 8;
    constexpr int TX = BN / TN, THREADS = (BM / TM) * (BN / TN);
    static_assert(BM % 8 == 0 && BN % 8 == 0 && BK % 4 == 0, "tile shape");

    __align__(16) __shared__ float As[2][BK * BM];
    __align__(16) __shared__ float Bs[2][BK * BN];

    const int tid = threadIdx.x;
    const int tx = tid % TX, ty = tid / TX;
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    const int tiles = (K + BK - 1) / BK;

    for (long long z = blockIdx.z; z < batch; z += gridDim.z) {
        const float* a = A + z * strideA;
        const float* b = B + z * strideB;
        float* c = C + z * strideC;
        const bool vecA = exmy_aligned16(a) && lda % 4 == 0;
        const bool vecB = exmy_aligned16(b) && ldb % 4 == 0;
        const bool vecC = exmy_aligned16(c) && ldc % 4 == 0;

        float acc[TM][TN];
EXMY_UNROLL
        for (int i = 0; i < TM; ++i) {
            const int row = m0 + fragment_index<BM>(ty, i);
EXMY_UNROLL
            for (int j = 0; j < TN; ++j) {
                const int col = n0 + fragment_index<BN>(tx, j);
                acc[i][j] = accumulate && row < M && col < N ? c[(long long)row * ldc + col] : 0.0f;
            }
        }

        TileLoader<BM, BK, THREADS, !TRANS_A> la;  // A stored m x k: k contiguous
        TileLoader<BN, BK, THREADS, TRANS_B> lb;   // B stored n x k: k contiguous
        if (tiles > 0) {
            la.load(a, lda, vecA, m0, M, 0, K, tid);
            lb.load(b, ldb, vecB, n0, N, 0, K, tid);
            la.store(As[0], tid);
            lb.store(Bs[0], tid);
        }
        __syncthreads();
        for (int t = 0; t < tiles; ++t) {
            const int buf = t & 1;
            if (t + 1 < tiles) {  // next tile's global loads in flight while this one is consumed
                la.load(a, lda, vecA, m0, M, (t + 1) * BK, K, tid);
                lb.load(b, ldb, vecB, n0, N, (t + 1) * BK, K, tid);
            }
            const float* as = As[buf];
            const float* bs = Bs[buf];
            const int klen = min(BK, K - t * BK);
            if (klen == BK) {
EXMY_UNROLL
                for (int kk = 0; kk < BK; ++kk) fma_step<BM, BN>(as + kk * BM, bs + kk * BN, tx, ty, acc);
            } else {
                for (int kk = 0; kk < klen; ++kk) fma_step<BM, BN>(as + kk * BM, bs + kk * BN, tx, ty, acc);
            }
            if (t + 1 < tiles) {
                la.store(As[buf ^ 1], tid);
                lb.store(Bs[buf ^ 1], tid);
            }
            __syncthreads();
        }

EXMY_UNROLL
        for (int i = 0; i < TM; ++i) {
            const int row = m0 + fragment_index<BM>(ty, i);
            if (row >= M) continue;
            float* crow = c + (long long)row * ldc;
EXMY_UNROLL
            for (int h = 0; h < 2; ++h) {
                const int col = n0 + tx * 4 + h * (BN / 2);
                const float4 v = make_float4(exmy_gemm_canonical(acc[i][4 * h]), exmy_gemm_canonical(acc[i][4 * h + 1]),
                                             exmy_gemm_canonical(acc[i][4 * h + 2]),
                                             exmy_gemm_canonical(acc[i][4 * h + 3]));
                if (vecC && col + 3 < N) {
                    exmy_store16(crow + col, v);
                } else {
                    if (col < N) crow[col] = v.x;
                    if (col + 1 < N) crow[col + 1] = v.y;
                    if (col + 2 < N) crow[col + 2] = v.z;
                    if (col + 3 < N) crow[col + 3] = v.w;
                }
            }
        }
    }
}

}  // namespace

// One kernel per tile shape and transpose combination (nn, nt, tn, tt: whether A, B are stored
// transposed), so that every load path is fixed at compile time. Arguments as MatmulKernels packs
// them; grid (ceil(N/BN), ceil(M/BM), min(batch, 65535)); flags: EXMY_GEMM_ACCUMULATE.
//   128x128: large problems; 256 threads of 8x8 outputs, k tiles of 8.
//   64x64:   small ones (fewer 128x128 tiles than multiprocessors); 64 threads, k tiles of 16.
#define EXMY_GEMM_KERNEL(BM, BN, BK, THREADS, MIN_BLOCKS, TA, TB, SUFFIX)                                          \
    extern "C" __global__ void __launch_bounds__(THREADS, MIN_BLOCKS) exmy_gemm_f32_##BM##x##BN##_##SUFFIX(      \
        const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C, int M, int N, int K,      \
        int lda, int ldb, int ldc, long long strideA, long long strideB, long long strideC, int batch, int flags) { \
        gemm_tiles<BM, BN, BK, TA, TB>(A, B, C, M, N, K, lda, ldb, ldc, strideA, strideB, strideC, batch,         \
                                       (flags & EXMY_GEMM_ACCUMULATE) != 0);                                         \
    }                                                                                                               \
    EXMY_KERNEL(exmy_gemm_f32_##BM##x##BN##_##SUFFIX)

EXMY_GEMM_KERNEL(128, 128, 8, 256, 2, false, false, nn)
EXMY_GEMM_KERNEL(128, 128, 8, 256, 2, false, true, nt)
EXMY_GEMM_KERNEL(128, 128, 8, 256, 2, true, false, tn)
EXMY_GEMM_KERNEL(128, 128, 8, 256, 2, true, true, tt)
EXMY_GEMM_KERNEL(64, 64, 16, 64, 1, false, false, nn)
EXMY_GEMM_KERNEL(64, 64, 16, 64, 1, false, true, nt)
EXMY_GEMM_KERNEL(64, 64, 16, 64, 1, true, false, tn)
EXMY_GEMM_KERNEL(64, 64, 16, 64, 1, true, true, tt)

// Packs a strided, batched float32 matrix (batch x rows x cols, row stride ld, batch stride
// `stride`) densely into BF16 (batch x rows x cols, unsigned short), for cuBLAS. BF16 keeps the top
// 16 bits, so a value whose low 16 bits are zero converts exactly; every other finite or infinite
// value is counted in *inexact (the caller then refuses the fast GEMM): once per thread that met
// one, so the count is zero exactly when every value converted exactly.
// Grid: x over groups of 4 columns (PACK_BLOCK threads per block), y over the batch*rows rows
// (grid-stride). A row is read as float4 and written as 4 BF16 (8 bytes) where both are aligned.
extern "C" __global__ void exmy_pack_bf16(const float* __restrict__ x, unsigned short* __restrict__ out, int rows,
                                          int cols, int ld, long long stride, int batch, int* __restrict__ inexact) {
    const long long all_rows = (long long)rows * batch;
    const int c = 4 * (blockIdx.x * blockDim.x + threadIdx.x);
    int exact = 1;
    if (c < cols) {
        for (long long r = blockIdx.y; r < all_rows; r += gridDim.y) {
            const long long z = r / rows;
            const float* src = x + z * stride + (r - z * rows) * ld + c;
            unsigned short* dst = out + r * cols + c;
            if (c + 3 < cols && ((reinterpret_cast<uintptr_t>(src) & 15u) | (reinterpret_cast<uintptr_t>(dst) & 7u)) == 0) {
                const float4 v = exmy_load16(src);
                const uint32_t lo = exmy_f32_to_bf16_bits(exmy_f2u(v.x), &exact) |
                                    (exmy_f32_to_bf16_bits(exmy_f2u(v.y), &exact) << 16);
                const uint32_t hi = exmy_f32_to_bf16_bits(exmy_f2u(v.z), &exact) |
                                    (exmy_f32_to_bf16_bits(exmy_f2u(v.w), &exact) << 16);
                uint2 pair;
                pair.x = lo;
                pair.y = hi;
                *reinterpret_cast<uint2*>(dst) = pair;
            } else {
                for (int j = 0; j < 4 && c + j < cols; ++j)
                    dst[j] = (unsigned short)exmy_f32_to_bf16_bits(exmy_f2u(src[j]), &exact);
            }
        }
    }
    if (!exact) atomicAdd(inexact, 1);
}
EXMY_KERNEL(exmy_pack_bf16)
