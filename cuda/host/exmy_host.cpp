// Host-native build of the scalar cast (exmy_cast.cuh) in plain multithreaded loops, called from
// Java through JNA (io.exmy.backend.host.HostLibrary). Same header as the kernels, compiled with
// -ffp-contract=off, so its arithmetic is the GPU's. Fast CPU path; the kernels themselves run
// on the CPU through the emulation library instead.
#include <cstdint>
#include <cstring>

#include "../exmy_cast.cuh"
#include "../exmy_codes.cuh"
#include "../exmy_philox.cuh"
#include "exmy_host_parallel.h"

using exmy_host::parallel_for;

extern "C" {

int exmy_host_abi_version() { return 1; }

void exmy_host_cast_f32(const float* in, float* out, int64_t n, int64_t index_base, const exmy_cast_spec* spec,
                        int threads) {
    const exmy_cast_spec s = *spec;
    const exmy_cast_consts c = exmy_cast_prepare(s);
    const bool sr = c.rounding == EXMY_RND_SR;
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
            const uint32_t rnd = sr ? exmy_random_bits(s.seed_lo, s.seed_hi, (uint64_t)(index_base + i)) : 0u;
            out[i] = exmy_u2f(exmy_cast_bits(exmy_f2u(in[i]), c, rnd));
        }
    });
}

void exmy_host_encode(const float* in, uint8_t* codes, int64_t rows, int64_t cols, int64_t index_base,
                      const exmy_cast_spec* spec, int codes_per_byte, int threads) {
    const exmy_cast_spec s = *spec;
    const exmy_cast_consts c = exmy_cast_prepare(s);
    const exmy_code_consts k = exmy_code_prepare(s);
    const bool sr = c.rounding == EXMY_RND_SR;
    const int64_t bpr = exmy_code_bytes_per_row(cols, codes_per_byte);
    parallel_for(rows * bpr, threads, [&](int64_t b0, int64_t e0) {
        for (int64_t b = b0; b < e0; ++b) {
            codes[b] = (uint8_t)exmy_pack_code_byte(b, cols, bpr, codes_per_byte, [&](int64_t row, int64_t col) {
                const int64_t i = row * cols + col;
                const uint32_t rnd = sr ? exmy_random_bits(s.seed_lo, s.seed_hi, (uint64_t)(index_base + i)) : 0u;
                return exmy_encode_bits(exmy_cast_bits(exmy_f2u(in[i]), c, rnd), k);
            });
        }
    });
}

void exmy_host_decode(const uint8_t* codes, float* out, int64_t rows, int64_t cols, const exmy_cast_spec* spec,
                      int codes_per_byte, int threads) {
    const exmy_code_consts k = exmy_code_prepare(*spec);
    const int64_t bpr = exmy_code_bytes_per_row(cols, codes_per_byte);
    parallel_for(rows * cols, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
            const int64_t row = i / cols, col = i - row * cols;
            out[i] = exmy_u2f(exmy_decode_bits(exmy_code_at(codes, row, col, bpr, codes_per_byte), k));
        }
    });
}

// The bandwidth baseline of the host benchmarks: memcpy split like the casts.
void exmy_host_copy(void* dst, const void* src, int64_t bytes, int threads) {
    parallel_for(bytes, threads, [&](int64_t b, int64_t e) {
        std::memcpy(static_cast<char*>(dst) + b, static_cast<const char*>(src) + b, (size_t)(e - b));
    });
}

void exmy_host_philox(uint32_t seed_lo, uint32_t seed_hi, uint64_t index, uint32_t* out) {
    *out = exmy_random_bits(seed_lo, seed_hi, index);
}

}  // extern "C"
