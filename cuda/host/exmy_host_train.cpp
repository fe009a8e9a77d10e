// Host-native training ops (io.exmy.backend.host.HostTrain through JNA): the CPU training path.
// The same scalar headers as the kernels (exmy_math.cuh, exmy_train.cuh) in plain multithreaded loops
// that follow the reference's order literally (exmy_host_train_loops.h). The loops are compiled twice,
// portably and for AVX2+FMA (chosen at run time), so that on current CPUs exmy_fma is one instruction
// and the transcendental loops run 8 lanes at a time. Java twin: io.exmy.ops.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../exmy_train.cuh"
#include "exmy_host_parallel.h"

namespace {

using exmy_host::parallel_for;

constexpr int kWarp = 32;
constexpr int kColumnRows = 8;         // io.exmy.ops.ColumnOrder.ROWS
constexpr int64_t kSumsqChunk = 8192;  // io.exmy.ops.Elementwise.SUMSQ_CHUNK
constexpr int kCeLanes = 256;          // io.exmy.ops.CrossEntropy.LANES

// Tasks of about 64K elements, at least one row.
int64_t rows_per_task(int64_t row_length) { return std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, row_length)); }

namespace portable {
#include "exmy_host_train_loops.h"
}  // namespace portable

#pragma GCC push_options
#pragma GCC target("avx2,fma")
#pragma GCC optimize("O3")
namespace avx2 {
#include "exmy_host_train_loops.h"
}  // namespace avx2
#pragma GCC pop_options

// Tests switch the SIMD build off to check the portable one against the reference too.
std::atomic<bool> portable_only{false};

bool simd() {
    static const bool cpu = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return cpu && !portable_only.load(std::memory_order_relaxed);
}

}  // namespace

// Calls the AVX2+FMA build of a loop where the CPU has it, else the portable one: the same results.
#define EXMY_DISPATCH(fn, ...) (simd() ? avx2::fn(__VA_ARGS__) : portable::fn(__VA_ARGS__))

extern "C" {

// 1 if the loops run their AVX2+FMA build on this CPU, 0 for the portable one.
int exmy_host_train_simd() { return simd() ? 1 : 0; }

// on = 1: run the portable build even where AVX2+FMA exists (for tests).
void exmy_host_train_portable(int on) { portable_only.store(on != 0, std::memory_order_relaxed); }

void exmy_host_train_fill(float* x, int64_t n, float value, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) { std::fill(x + b, x + e, value); });
}

void exmy_host_train_scale(float* x, int64_t n, float factor, int threads) { EXMY_DISPATCH(scale, x, n, factor, threads); }

void exmy_host_train_add(float* out, const float* a, const float* b, int64_t n, int threads) {
    EXMY_DISPATCH(add, out, a, b, n, threads);
}

void exmy_host_train_bias_add(float* out, const float* bias, int64_t rows, int64_t cols, int threads) {
    EXMY_DISPATCH(bias_add, out, bias, rows, cols, threads);
}

void exmy_host_train_bias_backward(float* dbias, const float* dout, int64_t rows, int64_t cols, int threads) {
    EXMY_DISPATCH(bias_backward, dbias, dout, rows, cols, threads);
}

void exmy_host_train_gelu_forward(float* out, const float* inp, int64_t n, int threads) {
    EXMY_DISPATCH(gelu_forward, out, inp, n, threads);
}

void exmy_host_train_gelu_backward(float* dinp, const float* inp, const float* dout, int64_t n, int threads) {
    EXMY_DISPATCH(gelu_backward, dinp, inp, dout, n, threads);
}

void exmy_host_train_encoder_forward(float* out, const int32_t* tokens, const float* wte, const float* wpe, int B,
                                     int T, int C, int V, int threads) {
    parallel_for((int64_t)B * T, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const int token = tokens[r];
            const bool ok = token >= 0 && token < V;
            const float* e = wte + (int64_t)(ok ? token : 0) * C;
            float* o = out + r * C;
            if (wpe) {
                const float* p = wpe + (r % T) * C;
                for (int c = 0; c < C; ++c) o[c] = (ok ? e[c] : 0.0f) + p[c];
            } else {
                for (int c = 0; c < C; ++c) o[c] = ok ? e[c] : 0.0f;
            }
        }
    }, rows_per_task(C));
}

// Each thread owns a range of channels and walks the rows in order, so every table element's chain
// is the reference's.
void exmy_host_train_encoder_backward(float* dwte, float* dwpe, const float* dout, const int32_t* tokens, int B,
                                      int T, int C, int V, int threads) {
    const int64_t rows = (int64_t)B * T;
    parallel_for(C, threads, [&](int64_t c0, int64_t c1) {
        for (int64_t r = 0; r < rows; ++r) {
            const int token = tokens[r];
            if (token < 0 || token >= V) continue;
            float* d = dwte + (int64_t)token * C;
            const float* g = dout + r * C;
            for (int64_t c = c0; c < c1; ++c) d[c] = d[c] + g[c];
        }
        if (dwpe) {
            for (int64_t t = 0; t < T; ++t) {
                float* d = dwpe + t * C;
                for (int b = 0; b < B; ++b) {
                    const float* g = dout + ((int64_t)b * T + t) * C;
                    for (int64_t c = c0; c < c1; ++c) d[c] = d[c] + g[c];
                }
            }
        }
    }, 16);
}

void exmy_host_train_layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                                       const float* bias, int64_t rows, int C, float eps, int threads) {
    EXMY_DISPATCH(layernorm_forward, out, mean, rstd, inp, weight, bias, rows, C, eps, threads);
}

void exmy_host_train_layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                                        const float* weight, const float* mean, const float* rstd, int64_t rows, int C,
                                        int threads) {
    EXMY_DISPATCH(layernorm_backward, dinp, dweight, dbias, dout, inp, weight, mean, rstd, rows, C, threads);
}

void exmy_host_train_attention_split(float* q, float* k, float* v, float* qkv, int B, int T, int NH, int HS,
                                     int backward, int threads) {
    const int64_t C = (int64_t)NH * HS;
    const size_t bytes = sizeof(float) * HS;
    parallel_for((int64_t)B * NH * T, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t row = r0; row < r1; ++row) {
            const int64_t t = row % T, h = (row / T) % NH, b = row / ((int64_t)T * NH);
            float* f = qkv + (b * T + t) * 3 * C + h * HS;
            float* parts[3] = {q + row * HS, k + row * HS, v + row * HS};
            for (int p = 0; p < 3; ++p) {
                if (backward) std::memcpy(f + p * C, parts[p], bytes);
                else std::memcpy(parts[p], f + p * C, bytes);
            }
        }
    }, rows_per_task(3 * HS));
}

void exmy_host_train_attention_merge(float* out, float* y, int B, int T, int NH, int HS, int backward, int threads) {
    const size_t bytes = sizeof(float) * HS;
    parallel_for((int64_t)B * NH * T, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t row = r0; row < r1; ++row) {
            const int64_t t = row % T, h = (row / T) % NH, b = row / ((int64_t)T * NH);
            float* o = out + (b * T + t) * NH * HS + h * HS;
            if (backward) std::memcpy(y + row * HS, o, bytes);
            else std::memcpy(o, y + row * HS, bytes);
        }
    }, rows_per_task(HS));
}

void exmy_host_train_softmax_forward(float* att, const float* preatt, int64_t rows, int T, float scale, int threads) {
    EXMY_DISPATCH(softmax_forward, att, preatt, rows, T, scale, threads);
}

void exmy_host_train_softmax_backward(float* dpreatt, const float* datt, const float* att, int64_t rows, int T,
                                      float scale, int threads) {
    EXMY_DISPATCH(softmax_backward, dpreatt, datt, att, rows, T, scale, threads);
}

void exmy_host_train_rope(float* out, const float* inp, const float* table, int64_t rows, int T, int HS, int backward,
                          int threads) {
    const int half = HS / 2;
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const float* cs = table + (r % T) * HS;
            const float* x = inp + r * HS;
            float* o = out + r * HS;
            for (int i = 0; i < half; ++i) exmy_rope_pair(o + 2 * i, x + 2 * i, cs[2 * i], cs[2 * i + 1], backward != 0);
        }
    }, rows_per_task(HS));
}

void exmy_host_train_cross_entropy(float* losses, float* dlogits, const float* logits, const int32_t* targets,
                                   int64_t rows, int V, int Vp, float dloss, int threads) {
    EXMY_DISPATCH(cross_entropy, losses, dlogits, logits, targets, rows, V, Vp, dloss, threads);
}

void exmy_host_train_adamw(float* params, const float* grads, float* m, float* v, int64_t n,
                           const exmy_adamw_params* a, int threads) {
    EXMY_DISPATCH(adamw, params, grads, m, v, n, *a, threads);
}

void exmy_host_train_sumsq(float* out, const float* x, int64_t n, int threads) {
    EXMY_DISPATCH(sumsq, out, x, n, threads);
}

// exmy's math functions element-wise, for the twin tests: fn 0 = exp, 1 = log, 2 = tanh, 3 = gelu.
void exmy_host_train_math(float* out, const float* in, int64_t n, int fn, int threads) {
    EXMY_DISPATCH(math, out, in, n, fn, threads);
}

}  // extern "C"
