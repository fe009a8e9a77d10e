// The exact GEMM on the CPU (the host backend's MatmulOps, the CPU training path), called from
// Java through JNA (io.exmy.backend.host.HostLibrary). Semantics: io.exmy.matmul.ExactGemm — every
// C[i][j] is the float32 FMA chain over k ascending, from +0 or from C[i][j] when accumulating,
// NaN results stored as 0x7FC00000.
//
// Structure (as in BLIS/GotoBLAS): C is cut into MC x NC blocks spread over threads; for each
// block, k is walked in KC-wide panels in ascending order; each panel of op(A) and op(B) is packed
// into strips the micro-kernel streams, and the micro-kernel keeps an MR x NR tile of C in
// registers, adding one FMA per k per output. Between panels the partial sums go through C in
// memory, exactly (float32 store and load), so each output's chain is k = 0, 1, ..., K-1 as in the
// reference. Operands are padded with zeros only beyond M and N (outputs that are never stored),
// never beyond K.
//
// FMA instructions: an AVX2+FMA micro-kernel where the CPU has them (checked at run time), else a
// portable one on std::fma (a slow libm call without hardware FMA, but exact).
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../exmy_gemm.cuh"
#include "exmy_host_parallel.h"

namespace {

constexpr int MR = 6;     // rows of the register tile
constexpr int NR = 16;    // columns of the register tile: two 8-float AVX registers
constexpr int MC = 144;   // rows of C per block (op(A) block of MC x KC: 144 KiB, in L2)
constexpr int NC = 512;   // columns of C per block (op(B) block of KC x NC: 512 KiB)
constexpr int KC = 256;   // k panel

struct Gemm {
    const float* a;
    const float* b;
    float* c;
    int m, n, k, lda, ldb, ldc;
    int64_t stride_a, stride_b, stride_c;
    int batch;
    bool trans_a, trans_b, accumulate;

    float a_at(const float* ab, int i, int kk) const {
        return trans_a ? ab[(int64_t)kk * lda + i] : ab[(int64_t)i * lda + kk];
    }
    float b_at(const float* bb, int kk, int j) const {
        return trans_b ? bb[(int64_t)j * ldb + kk] : bb[(int64_t)kk * ldb + j];
    }
};

// Packs op(A)[i0 .. i0+mc) x [k0 .. k0+kc) into strips of MR rows: strip s, step k holds rows
// i0 + s*MR + r at ap[(s*kc + k)*MR + r], zero beyond m.
void pack_a(const Gemm& g, const float* ab, int i0, int mc, int k0, int kc, float* ap) {
    for (int s = 0; s * MR < mc; ++s) {
        float* dst = ap + (int64_t)s * kc * MR;
        for (int kk = 0; kk < kc; ++kk) {
            for (int r = 0; r < MR; ++r) {
                const int i = s * MR + r;
                dst[kk * MR + r] = i < mc ? g.a_at(ab, i0 + i, k0 + kk) : 0.0f;
            }
        }
    }
}

// Packs op(B)[k0 .. k0+kc) x [j0 .. j0+nc) into strips of NR columns, zero beyond n.
void pack_b(const Gemm& g, const float* bb, int j0, int nc, int k0, int kc, float* bp) {
    for (int s = 0; s * NR < nc; ++s) {
        float* dst = bp + (int64_t)s * kc * NR;
        const int cols = std::min(NR, nc - s * NR);
        for (int kk = 0; kk < kc; ++kk) {
            float* row = dst + kk * NR;
            if (!g.trans_b && cols == NR) {
                std::memcpy(row, bb + (int64_t)(k0 + kk) * g.ldb + j0 + s * NR, NR * sizeof(float));
            } else {
                for (int q = 0; q < NR; ++q) row[q] = q < cols ? g.b_at(bb, k0 + kk, j0 + s * NR + q) : 0.0f;
            }
        }
    }
}

// c (an MR x NR tile, row stride ldc) = fma chain over kc steps, starting from c's values or,
// with `fresh`, from +0.
__attribute__((target("avx2,fma"))) void micro_avx2(int kc, const float* ap, const float* bp, float* c, int64_t ldc,
                                                     bool fresh) {
    __m256 acc[MR][2];  // twelve accumulators: the loops over r are unrolled so they stay in registers
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
        acc[r][0] = fresh ? _mm256_setzero_ps() : _mm256_loadu_ps(c + r * ldc);
        acc[r][1] = fresh ? _mm256_setzero_ps() : _mm256_loadu_ps(c + r * ldc + 8);
    }
    for (int kk = 0; kk < kc; ++kk) {
        const __m256 b0 = _mm256_loadu_ps(bp + kk * NR);
        const __m256 b1 = _mm256_loadu_ps(bp + kk * NR + 8);
#pragma GCC unroll 6
        for (int r = 0; r < MR; ++r) {
            const __m256 av = _mm256_broadcast_ss(ap + kk * MR + r);
            acc[r][0] = _mm256_fmadd_ps(av, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(av, b1, acc[r][1]);
        }
    }
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
        _mm256_storeu_ps(c + r * ldc, acc[r][0]);
        _mm256_storeu_ps(c + r * ldc + 8, acc[r][1]);
    }
}

void micro_portable(int kc, const float* ap, const float* bp, float* c, int64_t ldc, bool fresh) {
    float acc[MR][NR];
    for (int r = 0; r < MR; ++r)
        for (int q = 0; q < NR; ++q) acc[r][q] = fresh ? 0.0f : c[r * ldc + q];
    for (int kk = 0; kk < kc; ++kk)
        for (int r = 0; r < MR; ++r)
            for (int q = 0; q < NR; ++q) acc[r][q] = std::fma(ap[kk * MR + r], bp[kk * NR + q], acc[r][q]);
    for (int r = 0; r < MR; ++r)
        for (int q = 0; q < NR; ++q) c[r * ldc + q] = acc[r][q];
}

using Micro = void (*)(int, const float*, const float*, float*, int64_t, bool);

Micro pick_micro() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? micro_avx2 : micro_portable;
}

// One block of C (rows_per_block <= MC rows, NC columns) of one batch: every k panel in ascending order.
void block(const Gemm& g, Micro micro, int z, int i0, int rows_per_block, int j0, std::vector<float>& ap,
           std::vector<float>& bp) {
    const float* ab = g.a + z * g.stride_a;
    const float* bb = g.b + z * g.stride_b;
    float* cb = g.c + z * g.stride_c;
    const int mc = std::min(rows_per_block, g.m - i0), nc = std::min(NC, g.n - j0);
    float edge[MR * NR] = {};
    if (g.k == 0 && !g.accumulate) {
        for (int i = 0; i < mc; ++i) std::fill_n(cb + (int64_t)(i0 + i) * g.ldc + j0, nc, 0.0f);
    }
    for (int k0 = 0; k0 < g.k; k0 += KC) {
        const int kc = std::min(KC, g.k - k0);
        const bool fresh = k0 == 0 && !g.accumulate;
        pack_a(g, ab, i0, mc, k0, kc, ap.data());
        pack_b(g, bb, j0, nc, k0, kc, bp.data());
        for (int js = 0; js * NR < nc; ++js) {
            const int cols = std::min(NR, nc - js * NR);
            for (int is = 0; is * MR < mc; ++is) {
                const int rows = std::min(MR, mc - is * MR);
                float* ct = cb + (int64_t)(i0 + is * MR) * g.ldc + j0 + js * NR;
                const float* as = ap.data() + (int64_t)is * kc * MR;
                const float* bs = bp.data() + (int64_t)js * kc * NR;
                if (rows == MR && cols == NR) {
                    micro(kc, as, bs, ct, g.ldc, fresh);
                } else {  // an edge tile runs on a full-size copy; only its valid part goes back
                    for (int r = 0; r < rows; ++r)
                        if (!fresh) std::memcpy(edge + r * NR, ct + (int64_t)r * g.ldc, cols * sizeof(float));
                    micro(kc, as, bs, edge, NR, fresh);
                    for (int r = 0; r < rows; ++r) std::memcpy(ct + (int64_t)r * g.ldc, edge + r * NR, cols * sizeof(float));
                }
            }
        }
    }
    for (int i = 0; i < mc; ++i) {
        float* row = cb + (int64_t)(i0 + i) * g.ldc + j0;
        for (int j = 0; j < nc; ++j) row[j] = exmy_gemm_canonical(row[j]);
    }
}

}  // namespace

extern "C" {

// C_b = op(A_b) . op(B_b) for b < batch (flags: EXMY_GEMM_*), as io.exmy.backend.GemmShape
// describes; arguments already checked by io.exmy.backend.Checks#gemm.
void exmy_host_gemm(const float* a, const float* b, float* c, int m, int n, int k, int lda, int ldb, int ldc,
                    int64_t stride_a, int64_t stride_b, int64_t stride_c, int batch, int flags, int threads) {
    if (m == 0 || n == 0) return;
    const Gemm g{a, b, c, m, n, k, lda, ldb, ldc, stride_a, stride_b, stride_c, batch,
                 (flags & EXMY_GEMM_TRANS_A) != 0, (flags & EXMY_GEMM_TRANS_B) != 0,
                 (flags & EXMY_GEMM_ACCUMULATE) != 0};
    static const Micro micro = pick_micro();
    const int64_t nb = (n + NC - 1) / NC;
    // Rows per block: MC, or fewer (a multiple of MR) so that small products still give every
    // thread two blocks. Blocking never changes a result, only who computes it.
    const int64_t want_mb = std::max<int64_t>(1, (2 * (int64_t)threads + nb * batch - 1) / (nb * batch));
    const int mc = (int)std::clamp<int64_t>(((m + want_mb - 1) / want_mb + MR - 1) / MR * MR, MR, MC);
    const int64_t mb = (m + mc - 1) / mc;
    const int64_t blocks = mb * nb * batch;
    // Each block of C belongs to one thread, so the split never changes a result.
    exmy_host::parallel_for(
        blocks, threads,
        [&](int64_t first, int64_t last) {
            std::vector<float> ap((size_t)MC * KC), bp((size_t)KC * ((NC + NR - 1) / NR * NR));
            for (int64_t t = first; t < last; ++t) {
                const int z = (int)(t / (mb * nb));
                const int64_t r = t - (int64_t)z * mb * nb;
                block(g, micro, z, (int)(r / nb) * mc, mc, (int)(r % nb) * NC, ap, bp);
            }
        },
        1);
}

// Which micro-kernel this CPU runs, for benchmark records: 1 = AVX2+FMA, 0 = portable std::fma.
int exmy_host_gemm_simd() { return pick_micro() == micro_avx2 ? 1 : 0; }

}  // extern "C"
