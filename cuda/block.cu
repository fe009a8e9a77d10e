// Block-scaled quantization kernels. Scalar semantics: exmy_block.cuh. Java twins:
// io.exmy.backend.kernel.BlockKernels (launch geometry), io.exmy.block.BlockQuantizer (reference).
//
// Fake quantization is one pass over memory per block layout, each block's amax reduced where its
// elements were loaded:
//   exmy_block_rows    blocks along rows: a group of L lanes of a warp per block (L a power of two
//                      <= 32, enough lanes that each loads one vector); amax by shuffles within the
//                      group; 16-byte loads and stores where the rows allow; a lane keeps its first
//                      vector in registers, so blocks of up to 32*4 elements are read once.
//   exmy_block_cols    blocks down columns: a thread per block, consecutive threads on consecutive
//                      columns (coalesced rows); the first 32 elements stay in registers.
//   exmy_block_tiles   R x C tiles: a thread per tile.
//   exmy_block_tensor  one block: every CTA reduces the per-CTA amaxes of exmy_block_amax_partial.
// Two-level schemes (NVFP4) need the tensor amax first: exmy_block_amax_partial writes one amax per
// CTA, and every CTA of the quantizing kernel reduces them again (a max is exact and order-free).
// The same three kernels write block scales instead of values (out == nullptr) for the codes path,
// whose elements exmy_block_encode then packs, one thread per output byte, against the stored
// scales; exmy_block_decode dequantizes codes. Every output element is written by one thread, so
// `in` may equal `out`; none of these pointers is __restrict__ for that reason.
#include "exmy_kernel.cuh"
#include "exmy_block.cuh"
#include "exmy_codes.cuh"

#define EXMY_COL_CACHE 32

// The largest of every thread's v in the CTA, returned to all of its threads.
__device__ __forceinline__ uint32_t exmy_cta_max(uint32_t v) {
    __shared__ uint32_t warp_max[32];
    for (int d = 16; d > 0; d >>= 1) v = max(v, __shfl_xor_sync(EXMY_FULL_WARP, v, d));
    const int warp = threadIdx.x >> 5;
    const int nwarps = (blockDim.x + 31) >> 5;
    if ((threadIdx.x & 31) == 0) warp_max[warp] = v;
    __syncthreads();
    uint32_t m = 0u;
    for (int w = 0; w < nwarps; ++w) m = max(m, warp_max[w]);
    return m;
}

// The tensor's amax from the per-CTA amaxes.
__device__ __forceinline__ uint32_t exmy_reduce_partials(const uint32_t* partials, int count) {
    uint32_t a = 0u;
    for (int i = threadIdx.x; i < count; i += blockDim.x) a = max(a, partials[i]);
    return exmy_cta_max(a);
}

// The tensor scale a launch works under: from the tensor amax (two level), else unused.
__device__ __forceinline__ exmy_tensor_scale exmy_launch_tensor_scale(const exmy_block_consts& k, const uint32_t* partials,
                                                                     int count, float* tensor_scale) {
    exmy_tensor_scale t;
    t.nan = 0;
    t.gds = 0.0f;
    t.mult = 0.0f;
    if (k.two_level) {
        t = exmy_tensor_scale_of(exmy_reduce_partials(partials, count), k);
        if (tensor_scale != nullptr && blockIdx.x == 0 && threadIdx.x == 0) *tensor_scale = exmy_u2f(exmy_tensor_scale_bits(t));
    }
    return t;
}

__device__ __forceinline__ void exmy_store_scale(unsigned char* scale_codes, float* scale_values, long long at, uint32_t s,
                                                 const exmy_block_consts& k) {
    if (scale_codes != nullptr) scale_codes[at] = (unsigned char)exmy_scale_encode(s, k);
    if (scale_values != nullptr) scale_values[at] = exmy_u2f(s);
}

// partials[blockIdx.x] = max |x| (as bits) over this CTA's grid-stride share of in[0, n).
extern "C" __global__ void exmy_block_amax_partial(const float* in, long long n, uint32_t* partials) {
    uint32_t a = 0u;
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < n; i += stride) {
        a = max(a, exmy_abs_bits(exmy_f2u(in[i])));
    }
    a = exmy_cta_max(a);
    if (threadIdx.x == 0) partials[blockIdx.x] = a;
}
EXMY_KERNEL(exmy_block_amax_partial)

// Blocks of B consecutive elements within rows; V elements per lane and step (4: 16-byte aligned).
// Each warp takes EXMY_ROW_GROUPS groups of blocks per iteration and issues all their first loads
// before any reduction or arithmetic, so that more bytes are in flight per thread (a memory-bound
// kernel needs about bandwidth x latency of them: ~2 MB on an H100).
#define EXMY_ROW_GROUPS 2
template <int V>
__device__ __forceinline__ void exmy_block_rows_body(const float* in, float* out, unsigned char* scale_codes,
                                                     float* scale_values, long long rows, long long cols, long long B,
                                                     long long index_base, const exmy_block_consts& k,
                                                     const exmy_tensor_scale& t) {
    const long long vectors = (B + V - 1) / V;  // per block
    int L = 1;                                  // lanes per block
    while (L < 32 && L < vectors) L <<= 1;
    const long long steps = (vectors + L - 1) / L;
    const long long per_row = (cols + B - 1) / B;
    const long long blocks = rows * per_row;
    // Written out rather than exmy_lane(): through the call ptxas spills 16 bytes more in this 64-register kernel.
    const int lane = (int)(threadIdx.x & 31);
    const int slot = lane / L;                  // which of the warp's 32/L blocks
    const int li = lane % L;                    // lane within the block's group
    const int per_warp = 32 / L;
    const long long warp = exmy_warp_index();
    const long long warps = exmy_warp_count();
    const bool groups4 = V == 4 && (index_base & 3) == 0; // one Philox call per vector
    // The loop bound depends on the warp only, so every lane reaches every shuffle.
    for (long long g = warp; g * per_warp < blocks; g += EXMY_ROW_GROUPS * warps) {
        long long blk[EXMY_ROW_GROUPS], base[EXMY_ROW_GROUPS], len[EXMY_ROW_GROUPS];
        float first[EXMY_ROW_GROUPS][V];
        uint32_t amax[EXMY_ROW_GROUPS];
        EXMY_UNROLL for (int u = 0; u < EXMY_ROW_GROUPS; ++u) {
            blk[u] = (g + u * warps) * per_warp + slot;
            const bool live = blk[u] < blocks;
            const long long r = live ? blk[u] / per_row : 0;
            const long long c0 = live ? (blk[u] - r * per_row) * B : 0;
            len[u] = live ? (cols - c0 < B ? cols - c0 : B) : 0;
            base[u] = r * cols + c0;
            amax[u] = 0u;
            EXMY_UNROLL for (int i = 0; i < V; ++i) first[u][i] = 0.0f;
        }
        EXMY_UNROLL for (int u = 0; u < EXMY_ROW_GROUPS; ++u) {
            if ((long long)li * V < len[u]) exmy_load<V>(in + base[u] + (long long)li * V, first[u]);
        }
        EXMY_UNROLL for (int u = 0; u < EXMY_ROW_GROUPS; ++u) {
            if ((long long)li * V < len[u]) {
                for (int i = 0; i < V; ++i) amax[u] = max(amax[u], exmy_abs_bits(exmy_f2u(first[u][i])));
            }
            for (long long st = 1; st < steps; ++st) {
                const long long off = (st * L + li) * V;
                if (off < len[u]) {
                    float v[V];
                    exmy_load<V>(in + base[u] + off, v);
                    for (int i = 0; i < V; ++i) amax[u] = max(amax[u], exmy_abs_bits(exmy_f2u(v[i])));
                }
            }
            for (int d = L >> 1; d > 0; d >>= 1) amax[u] = max(amax[u], __shfl_xor_sync(EXMY_FULL_WARP, amax[u], d));
        }
        EXMY_UNROLL for (int u = 0; u < EXMY_ROW_GROUPS; ++u) {
            if (blk[u] >= blocks) continue;
            const exmy_block_ctx c = exmy_block_ctx_of_amax(amax[u], t, k);
            if (li == 0) exmy_store_scale(scale_codes, scale_values, blk[u], c.s, k);
            if (out == nullptr) continue;
            for (long long st = 0; st < steps; ++st) {
                const long long off = (st * L + li) * V;
                if (off >= len[u]) break;
                float v[V];
                if (st == 0) {
                    for (int i = 0; i < V; ++i) v[i] = first[u][i];
                } else {
                    exmy_load<V>(in + base[u] + off, v);
                }
                const long long i0 = index_base + base[u] + off;
                uint32_t rnd[V];
                if (k.sr && groups4) {
                    const exmy_u32x4 w = exmy_random_group(k.seed_lo, k.seed_hi, (uint64_t)i0 >> 2);
                    for (int i = 0; i < V; ++i) rnd[i] = w.w[i];
                } else {
                    for (int i = 0; i < V; ++i) rnd[i] = exmy_block_rnd(k, i0 + i);
                }
                for (int i = 0; i < V; ++i) {
                    const uint32_t q = exmy_block_quantize(exmy_f2u(v[i]), c, t, k, rnd[i]);
                    v[i] = exmy_u2f(exmy_block_dequantize(q, c.s, t, k));
                }
                exmy_store<V>(out + base[u] + off, v);
            }
        }
    }
}

// Row-axis blocks (extent 1 x block_cols, 0 = the whole row). Writes fake-quantized values to out
// and/or block scales (codes or float32 values, at the block's index in the row-major grid), and for
// two-level schemes the tensor scale; null pointers are skipped.
extern "C" __global__ void __launch_bounds__(256, 4) exmy_block_rows(const float* in, float* out, unsigned char* scale_codes, float* scale_values,
                                           float* tensor_scale, const uint32_t* partials, int partial_count,
                                           long long rows, long long cols, long long index_base, exmy_block_spec spec) {
    const exmy_block_consts k = exmy_block_prepare(spec);
    const exmy_tensor_scale t = exmy_launch_tensor_scale(k, partials, partial_count, tensor_scale);
    if (rows == 0 || cols == 0) return;
    const long long B = spec.block_cols > 0 && spec.block_cols < cols ? spec.block_cols : cols;
    if (exmy_aligned16(in, out) && cols % 4 == 0 && B % 4 == 0) {
        exmy_block_rows_body<4>(in, out, scale_codes, scale_values, rows, cols, B, index_base, k, t);
    } else {
        exmy_block_rows_body<1>(in, out, scale_codes, scale_values, rows, cols, B, index_base, k, t);
    }
}
EXMY_KERNEL(exmy_block_rows)

// Column-axis blocks (extent block_rows x 1, 0 = the whole column): a thread per block.
extern "C" __global__ void exmy_block_cols(const float* in, float* out, unsigned char* scale_codes, float* scale_values,
                                           float* tensor_scale, const uint32_t* partials, int partial_count,
                                           long long rows, long long cols, long long index_base, exmy_block_spec spec) {
    const exmy_block_consts k = exmy_block_prepare(spec);
    const exmy_tensor_scale t = exmy_launch_tensor_scale(k, partials, partial_count, tensor_scale);
    if (rows == 0 || cols == 0) return;
    const long long B = spec.block_rows > 0 && spec.block_rows < rows ? spec.block_rows : rows;
    const long long blocks = (rows + B - 1) / B * cols;
    const long long stride = exmy_thread_count();
    for (long long blk = exmy_thread_index(); blk < blocks; blk += stride) {
        const long long jr = blk / cols;
        const long long c = blk - jr * cols;
        const long long r0 = jr * B;
        const long long len = rows - r0 < B ? rows - r0 : B;
        const float* p = in + r0 * cols + c;
        float cache[EXMY_COL_CACHE];
        uint32_t amax = 0u;
EXMY_UNROLL
        for (int i = 0; i < EXMY_COL_CACHE; ++i) {
            if (i < len) {
                cache[i] = p[i * cols];
                amax = max(amax, exmy_abs_bits(exmy_f2u(cache[i])));
            }
        }
        for (long long i = EXMY_COL_CACHE; i < len; ++i) amax = max(amax, exmy_abs_bits(exmy_f2u(p[i * cols])));
        const exmy_block_ctx ctx = exmy_block_ctx_of_amax(amax, t, k);
        exmy_store_scale(scale_codes, scale_values, blk, ctx.s, k);
        if (out == nullptr) continue;
        float* o = out + r0 * cols + c;
        const long long i0 = index_base + r0 * cols + c;
EXMY_UNROLL
        for (int i = 0; i < EXMY_COL_CACHE; ++i) {
            if (i < len) {
                const uint32_t q = exmy_block_quantize(exmy_f2u(cache[i]), ctx, t, k, exmy_block_rnd(k, i0 + i * cols));
                o[i * cols] = exmy_u2f(exmy_block_dequantize(q, ctx.s, t, k));
            }
        }
        for (long long i = EXMY_COL_CACHE; i < len; ++i) {
            const uint32_t q = exmy_block_quantize(exmy_f2u(p[i * cols]), ctx, t, k, exmy_block_rnd(k, i0 + i * cols));
            o[i * cols] = exmy_u2f(exmy_block_dequantize(q, ctx.s, t, k));
        }
    }
}
EXMY_KERNEL(exmy_block_cols)

// Two-dimensional R x C tiles (Transformer Engine's 16x16 NVFP4 weight blocks): a thread per tile,
// consecutive threads on consecutive tiles of a row of tiles; each tile is read twice (amax, then
// elements), from L1/L2 the second time.
extern "C" __global__ void exmy_block_tiles(const float* in, float* out, unsigned char* scale_codes, float* scale_values,
                                            float* tensor_scale, const uint32_t* partials, int partial_count,
                                            long long rows, long long cols, long long index_base, exmy_block_spec spec) {
    const exmy_block_consts k = exmy_block_prepare(spec);
    const exmy_tensor_scale t = exmy_launch_tensor_scale(k, partials, partial_count, tensor_scale);
    if (rows == 0 || cols == 0) return;
    const long long bh = spec.block_rows, bw = spec.block_cols;
    const long long tile_cols = (cols + bw - 1) / bw;
    const long long blocks = (rows + bh - 1) / bh * tile_cols;
    const long long stride = exmy_thread_count();
    for (long long blk = exmy_thread_index(); blk < blocks; blk += stride) {
        const long long bi = blk / tile_cols;
        const long long r0 = bi * bh, c0 = (blk - bi * tile_cols) * bw;
        const long long r1 = rows - r0 < bh ? rows : r0 + bh;
        const long long c1 = cols - c0 < bw ? cols : c0 + bw;
        uint32_t amax = 0u;
        for (long long r = r0; r < r1; ++r) {
            for (long long c = c0; c < c1; ++c) amax = max(amax, exmy_abs_bits(exmy_f2u(in[r * cols + c])));
        }
        const exmy_block_ctx ctx = exmy_block_ctx_of_amax(amax, t, k);
        exmy_store_scale(scale_codes, scale_values, blk, ctx.s, k);
        if (out == nullptr) continue;
        for (long long r = r0; r < r1; ++r) {
            for (long long c = c0; c < c1; ++c) {
                const long long i = r * cols + c;
                const uint32_t q = exmy_block_quantize(exmy_f2u(in[i]), ctx, t, k, exmy_block_rnd(k, index_base + i));
                out[i] = exmy_u2f(exmy_block_dequantize(q, ctx.s, t, k));
            }
        }
    }
}
EXMY_KERNEL(exmy_block_tiles)

// One block for the whole tensor, whose amax every CTA reduces from the partials.
extern "C" __global__ void exmy_block_tensor(const float* in, float* out, unsigned char* scale_codes, float* scale_values,
                                             float* tensor_scale, const uint32_t* partials, int partial_count,
                                             long long rows, long long cols, long long index_base, exmy_block_spec spec) {
    const exmy_block_consts k = exmy_block_prepare(spec);
    const uint32_t amax = exmy_reduce_partials(partials, partial_count);
    exmy_tensor_scale t;
    t.nan = 0;
    t.gds = 0.0f;
    t.mult = 0.0f;
    if (k.two_level) {
        t = exmy_tensor_scale_of(amax, k);
        if (tensor_scale != nullptr && blockIdx.x == 0 && threadIdx.x == 0) *tensor_scale = exmy_u2f(exmy_tensor_scale_bits(t));
    }
    const long long n = rows * cols;
    if (n == 0) return;
    const exmy_block_ctx c = exmy_block_ctx_of_amax(amax, t, k);
    if (blockIdx.x == 0 && threadIdx.x == 0) exmy_store_scale(scale_codes, scale_values, 0, c.s, k);
    if (out == nullptr) return;
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < n; i += stride) {
        const uint32_t q = exmy_block_quantize(exmy_f2u(in[i]), c, t, k, exmy_block_rnd(k, index_base + i));
        out[i] = exmy_u2f(exmy_block_dequantize(q, c.s, t, k));
    }
}
EXMY_KERNEL(exmy_block_tensor)

// Where element (r, c)'s block scale is stored, for any block extent.
struct exmy_block_index {
    long long bh, bw, scale_cols;
};

EXMY_HD exmy_block_index exmy_block_index_of(const exmy_block_spec& s, long long rows, long long cols) {
    exmy_block_index b;
    b.bh = s.block_rows > 0 ? s.block_rows : (rows > 0 ? rows : 1);
    b.bw = s.block_cols > 0 ? s.block_cols : (cols > 0 ? cols : 1);
    b.scale_cols = (cols + b.bw - 1) / b.bw;
    return b;
}

__device__ __forceinline__ uint32_t exmy_stored_scale(const unsigned char* scale_codes, const float* scale_values,
                                                      long long at, const exmy_block_consts& k) {
    return scale_codes != nullptr ? exmy_scale_decode(scale_codes[at], k) : exmy_f2u(scale_values[at]);
}

// codes[r * bytes_per_row + c / per_byte] = element codes against the stored block scales (and
// tensor scale), in the layout of exmy_encode; one thread per output byte.
extern "C" __global__ void exmy_block_encode(const float* in, unsigned char* codes, const unsigned char* scale_codes,
                                             const float* scale_values, const float* tensor_scale, long long rows,
                                             long long cols, long long index_base, exmy_block_spec spec) {
    const exmy_block_consts k = exmy_block_prepare(spec);
    const exmy_tensor_scale t = exmy_tensor_scale_stored(k.two_level ? exmy_f2u(*tensor_scale) : 0u);
    const exmy_block_index b = exmy_block_index_of(spec, rows, cols);
    const int per_byte = exmy_codes_per_byte(1 + spec.elem.exp_bits + spec.elem.man_bits);
    const long long bytes_per_row = exmy_code_bytes_per_row(cols, per_byte);
    const long long total = rows * bytes_per_row;
    const long long stride = exmy_thread_count();
    for (long long at = exmy_thread_index(); at < total; at += stride) {
        codes[at] = (unsigned char)exmy_pack_code_byte(at, cols, bytes_per_row, per_byte, [&](long long r, long long c) {
            const uint32_t s = exmy_stored_scale(scale_codes, scale_values, r / b.bh * b.scale_cols + c / b.bw, k);
            const exmy_block_ctx ctx = exmy_block_ctx_of_scale(s, t, k);
            const long long i = r * cols + c;
            const uint32_t q = exmy_block_quantize(exmy_f2u(in[i]), ctx, t, k, exmy_block_rnd(k, index_base + i));
            return exmy_encode_bits(q, k.elem_code);
        });
    }
}
EXMY_KERNEL(exmy_block_encode)

// out[i] = decode(code) * scale (* tensor scale); one thread per element.
extern "C" __global__ void exmy_block_decode(const unsigned char* codes, const unsigned char* scale_codes,
                                             const float* scale_values, const float* tensor_scale, float* out,
                                             long long rows, long long cols, exmy_block_spec spec) {
    const exmy_block_consts k = exmy_block_prepare(spec);
    const exmy_tensor_scale t = exmy_tensor_scale_stored(k.two_level ? exmy_f2u(*tensor_scale) : 0u);
    const exmy_block_index b = exmy_block_index_of(spec, rows, cols);
    const int per_byte = exmy_codes_per_byte(1 + spec.elem.exp_bits + spec.elem.man_bits);
    const long long bytes_per_row = exmy_code_bytes_per_row(cols, per_byte);
    const long long total = rows * cols;
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < total; i += stride) {
        const long long r = i / cols;
        const long long c = i - r * cols;
        const uint32_t code = exmy_code_at(codes, r, c, bytes_per_row, per_byte);
        const uint32_t s = exmy_stored_scale(scale_codes, scale_values, r / b.bh * b.scale_cols + c / b.bw, k);
        out[i] = exmy_u2f(exmy_block_dequantize(exmy_decode_bits(code, k.elem_code), s, t, k));
    }
}
EXMY_KERNEL(exmy_block_decode)
