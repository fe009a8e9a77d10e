// Host-native block scaling: the scalar header exmy_block.cuh in plain multithreaded loops over
// blocks, called from Java through JNA (io.exmy.backend.host.HostLibrary). Same header as the
// kernels, compiled with -ffp-contract=off, so its arithmetic is theirs.
//
// Fake quantization splits the blocks among threads (each block, amax then elements, on one
// thread). The codes path first computes the block scales, then packs the element codes one
// output byte at a time against the stored scales, as the GPU does: with blocks of odd length two
// blocks can share a byte of nibbles, so packing by block would race.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "../exmy_block.cuh"
#include "../exmy_codes.cuh"
#include "exmy_host_parallel.h"

namespace {

using exmy_host::parallel_for;

// The block grid of a rows x cols tensor (io.exmy.block.BlockGrid).
struct Grid {
    int64_t rows, cols, bh, bw, scale_rows, scale_cols;

    Grid(const exmy_block_spec& s, int64_t r, int64_t c) : rows(r), cols(c) {
        bh = s.block_rows > 0 ? s.block_rows : std::max<int64_t>(1, r);
        bw = s.block_cols > 0 ? s.block_cols : std::max<int64_t>(1, c);
        scale_rows = (r + bh - 1) / bh;
        scale_cols = (c + bw - 1) / bw;
    }
    int64_t count() const { return rows == 0 || cols == 0 ? 0 : scale_rows * scale_cols; }
    int64_t block_elements() const { return std::min(bh, std::max<int64_t>(1, rows)) * std::min(bw, std::max<int64_t>(1, cols)); }

    template <typename F>
    void for_each_element(int64_t b, F f) const {
        const int64_t bi = b / scale_cols, bj = b - bi * scale_cols;
        const int64_t r1 = std::min(rows, (bi + 1) * bh), c1 = std::min(cols, (bj + 1) * bw);
        for (int64_t r = bi * bh; r < r1; ++r) {
            for (int64_t c = bj * bw; c < c1; ++c) f(r * cols + c);
        }
    }
    uint32_t amax(const float* in, int64_t b) const {
        uint32_t a = 0u;
        for_each_element(b, [&](int64_t i) { a = std::max(a, exmy_abs_bits(exmy_f2u(in[i]))); });
        return a;
    }
};

// max |x| over the tensor, as bits; a max is order-free, so per-thread maxima combine exactly.
uint32_t tensor_amax(const float* in, int64_t n, int threads) {
    std::atomic<uint32_t> result{0u};
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        uint32_t a = 0u;
        for (int64_t i = b; i < e; ++i) a = std::max(a, exmy_abs_bits(exmy_f2u(in[i])));
        uint32_t cur = result.load();
        while (cur < a && !result.compare_exchange_weak(cur, a)) {}
    });
    return result.load();
}

exmy_tensor_scale tensor_scale_for(const exmy_block_consts& k, const float* in, int64_t n, int threads) {
    exmy_tensor_scale t;
    t.nan = 0;
    t.gds = 0.0f;
    t.mult = 0.0f;
    if (k.two_level) t = exmy_tensor_scale_of(tensor_amax(in, n, threads), k);
    return t;
}

// Enough blocks per task that a task covers about 2^16 elements.
int64_t min_blocks(const Grid& g) { return std::max<int64_t>(1, (int64_t{1} << 16) / g.block_elements()); }

}  // namespace

extern "C" {

void exmy_host_block_fake(const float* in, float* out, int64_t rows, int64_t cols, int64_t index_base,
                          const exmy_block_spec* spec, int threads) {
    const exmy_block_spec s = *spec;
    const exmy_block_consts k = exmy_block_prepare(s);
    const Grid g(s, rows, cols);
    const exmy_tensor_scale t = tensor_scale_for(k, in, rows * cols, threads);
    parallel_for(g.count(), threads, [&](int64_t b0, int64_t e0) {
        for (int64_t b = b0; b < e0; ++b) {
            const exmy_block_ctx c = exmy_block_ctx_of_amax(g.amax(in, b), t, k);
            g.for_each_element(b, [&](int64_t i) {
                const uint32_t q = exmy_block_quantize(exmy_f2u(in[i]), c, t, k, exmy_block_rnd(k, index_base + i));
                out[i] = exmy_u2f(exmy_block_dequantize(q, c.s, t, k));
            });
        }
    }, min_blocks(g));
}

void exmy_host_block_quantize(const float* in, uint8_t* codes, uint8_t* scale_codes, float* scale_values,
                              float* tensor_scale, int64_t rows, int64_t cols, int64_t index_base,
                              const exmy_block_spec* spec, int threads) {
    const exmy_block_spec s = *spec;
    const exmy_block_consts k = exmy_block_prepare(s);
    const Grid g(s, rows, cols);
    const exmy_tensor_scale t = tensor_scale_for(k, in, rows * cols, threads);
    if (k.two_level) *tensor_scale = exmy_u2f(exmy_tensor_scale_bits(t));
    std::vector<uint32_t> scales((size_t)g.count());
    parallel_for(g.count(), threads, [&](int64_t b0, int64_t e0) {
        for (int64_t b = b0; b < e0; ++b) {
            const uint32_t sc = exmy_block_ctx_of_amax(g.amax(in, b), t, k).s;
            scales[(size_t)b] = sc;
            if (scale_codes != nullptr) scale_codes[b] = (uint8_t)exmy_scale_encode(sc, k);
            if (scale_values != nullptr) scale_values[b] = exmy_u2f(sc);
        }
    }, min_blocks(g));
    const int per_byte = exmy_codes_per_byte(1 + s.elem.exp_bits + s.elem.man_bits);
    const int64_t bpr = exmy_code_bytes_per_row(cols, per_byte);
    parallel_for(rows * bpr, threads, [&](int64_t b0, int64_t e0) {
        for (int64_t at = b0; at < e0; ++at) {
            codes[at] = (uint8_t)exmy_pack_code_byte(at, cols, bpr, per_byte, [&](int64_t r, int64_t c) {
                const int64_t i = r * cols + c;
                const exmy_block_ctx ctx = exmy_block_ctx_of_scale(scales[(size_t)(r / g.bh * g.scale_cols + c / g.bw)], t, k);
                const uint32_t q = exmy_block_quantize(exmy_f2u(in[i]), ctx, t, k, exmy_block_rnd(k, index_base + i));
                return exmy_encode_bits(q, k.elem_code);
            });
        }
    });
}

void exmy_host_block_dequantize(const uint8_t* codes, const uint8_t* scale_codes, const float* scale_values,
                                const float* tensor_scale, float* out, int64_t rows, int64_t cols,
                                const exmy_block_spec* spec, int threads) {
    const exmy_block_spec s = *spec;
    const exmy_block_consts k = exmy_block_prepare(s);
    const Grid g(s, rows, cols);
    const exmy_tensor_scale t = exmy_tensor_scale_stored(k.two_level ? exmy_f2u(*tensor_scale) : 0u);
    const int per_byte = exmy_codes_per_byte(1 + s.elem.exp_bits + s.elem.man_bits);
    const int64_t bpr = exmy_code_bytes_per_row(cols, per_byte);
    parallel_for(rows * cols, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
            const int64_t r = i / cols, c = i - r * cols;
            const uint32_t code = exmy_code_at(codes, r, c, bpr, per_byte);
            const int64_t at = r / g.bh * g.scale_cols + c / g.bw;
            const uint32_t sc = scale_codes != nullptr ? exmy_scale_decode(scale_codes[at], k) : exmy_f2u(scale_values[at]);
            out[i] = exmy_u2f(exmy_block_dequantize(exmy_decode_bits(code, k.elem_code), sc, t, k));
        }
    });
}

}  // extern "C"
