// Element-wise ExMy kernels: fake-quantized cast, encode to packed codes, decode.
// Scalar semantics: exmy_cast.cuh. Java twins: io.exmy.backend.kernel.CastKernels (launch),
// io.exmy.format.ExmyCast / Codes (reference).
//
// Launch geometry (all kernels): 1-D grid-stride loops; Java picks grid and block.
#include "exmy_kernel.cuh"
#include "exmy_cast.cuh"
#include "exmy_codes.cuh"
#include "exmy_philox.cuh"

// out[i] = cast(in[i]) for i < n; element i draws the random bits of index index_base + i.
// Four elements per thread and step where both pointers are 16-byte aligned, so loads and stores
// are 16 bytes and one Philox call feeds four stochastic roundings; element by element otherwise
// (views at odd offsets).
extern "C" __global__ void exmy_cast_f32(const float* __restrict__ in, float* __restrict__ out,
                                         long long n, long long index_base, exmy_cast_spec spec) {
    const exmy_cast_consts c = exmy_cast_prepare(spec);
    const bool sr = c.rounding == EXMY_RND_SR;
    const bool aligned_groups = (index_base & 3) == 0;
    exmy_grid_vec4(
        n, exmy_aligned16(in, out),
        [&](long long v) {
            const float4 x = exmy_load16(in + 4 * v);
            uint32_t r[4] = {0u, 0u, 0u, 0u};
            if (sr) {
                const long long i0 = index_base + 4 * v;
                if (aligned_groups) {
                    const exmy_u32x4 g = exmy_random_group(spec.seed_lo, spec.seed_hi, (uint64_t)i0 >> 2);
                    r[0] = g.w[0]; r[1] = g.w[1]; r[2] = g.w[2]; r[3] = g.w[3];
                } else {
                    for (int j = 0; j < 4; ++j) r[j] = exmy_random_bits(spec.seed_lo, spec.seed_hi, (uint64_t)(i0 + j));
                }
            }
            float4 y;
            y.x = exmy_u2f(exmy_cast_bits(exmy_f2u(x.x), c, r[0]));
            y.y = exmy_u2f(exmy_cast_bits(exmy_f2u(x.y), c, r[1]));
            y.z = exmy_u2f(exmy_cast_bits(exmy_f2u(x.z), c, r[2]));
            y.w = exmy_u2f(exmy_cast_bits(exmy_f2u(x.w), c, r[3]));
            exmy_store16(out + 4 * v, y);
        },
        [&](long long i) {
            const uint32_t rnd = sr ? exmy_random_bits(spec.seed_lo, spec.seed_hi, (uint64_t)(index_base + i)) : 0u;
            out[i] = exmy_u2f(exmy_cast_bits(exmy_f2u(in[i]), c, rnd));
        });
}
EXMY_KERNEL(exmy_cast_f32)

// codes[r * bytes_per_row + c] = code(cast(in[r * cols + c])), one byte per code (formats of 5..8 bits).
// With two codes per byte (formats of at most 4 bits) element c of a row sits in byte c/2, low
// nibble first; rows are packed independently. One thread per output byte.
extern "C" __global__ void exmy_encode(const float* __restrict__ in, unsigned char* __restrict__ codes,
                                       long long rows, long long cols, long long index_base,
                                       exmy_cast_spec spec, int codes_per_byte) {
    const exmy_cast_consts c = exmy_cast_prepare(spec);
    const exmy_code_consts k = exmy_code_prepare(spec);
    const bool sr = c.rounding == EXMY_RND_SR;
    const long long bytes_per_row = exmy_code_bytes_per_row(cols, codes_per_byte);
    const long long total = rows * bytes_per_row;
    const long long stride = exmy_thread_count();
    for (long long b = exmy_thread_index(); b < total; b += stride) {
        codes[b] = (unsigned char)exmy_pack_code_byte(b, cols, bytes_per_row, codes_per_byte, [&](long long r, long long col) {
            const long long i = r * cols + col;
            const uint32_t rnd = sr ? exmy_random_bits(spec.seed_lo, spec.seed_hi, (uint64_t)(index_base + i)) : 0u;
            return exmy_encode_bits(exmy_cast_bits(exmy_f2u(in[i]), c, rnd), k);
        });
    }
}
EXMY_KERNEL(exmy_encode)

// out[r * cols + c] = decode(code of element (r, c)), the layout of exmy_encode.
extern "C" __global__ void exmy_decode(const unsigned char* __restrict__ codes, float* __restrict__ out,
                                       long long rows, long long cols, exmy_cast_spec spec, int codes_per_byte) {
    const exmy_code_consts k = exmy_code_prepare(spec);
    const long long bytes_per_row = exmy_code_bytes_per_row(cols, codes_per_byte);
    const long long total = rows * cols;
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < total; i += stride) {
        const long long row = i / cols;
        const long long col = i - row * cols;
        out[i] = exmy_u2f(exmy_decode_bits(exmy_code_at(codes, row, col, bytes_per_row, codes_per_byte), k));
    }
}
EXMY_KERNEL(exmy_decode)
