// Host-native training ops (io.exmy.backend.host.HostTrainOps through JNA): the CPU training path.
// The same scalar headers as the kernels (exmy_math.cuh, exmy_train.cuh), in plain multithreaded
// loops that follow the reference's order literally: a warp's 32 lanes become 32 accumulators
// combined by the halving form of the xor butterfly (lane 0's view of it). Java twin: io.exmy.ops.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../exmy_train.cuh"
#include "exmy_host_parallel.h"

namespace {

using exmy_host::parallel_for;

constexpr int kWarp = 32;
constexpr int kColumnRows = 8;      // io.exmy.ops.ColumnOrder.ROWS
constexpr int64_t kSumsqChunk = 8192;  // io.exmy.ops.Elementwise.SUMSQ_CHUNK
constexpr int kCeLanes = 256;       // io.exmy.ops.CrossEntropy.LANES

// Chunks of about 64K elements per thread task, at least one row.
int64_t rows_per_task(int64_t row_length) { return std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, row_length)); }

// Lane 0's value of the xor butterfly over acc[0..31] (offsets 16, 8, 4, 2, 1): at each step the
// lanes below the offset are exactly the butterfly's.
float butterfly(float* acc) {
    for (int half = kWarp / 2; half >= 1; half >>= 1)
        for (int l = 0; l < half; ++l) acc[l] = acc[l] + acc[l + half];
    return acc[0];
}

exmy_maxsum butterfly(exmy_maxsum* acc) {
    for (int half = kWarp / 2; half >= 1; half >>= 1)
        for (int l = 0; l < half; ++l) acc[l] = exmy_maxsum_combine(acc[l], acc[l + half]);
    return acc[0];
}

// Warp-order sum of v[0..n).
float lane_sum(const float* v, int64_t n) {
    float acc[kWarp] = {};
    int64_t j0 = 0;
    for (; j0 + kWarp <= n; j0 += kWarp)
        for (int l = 0; l < kWarp; ++l) acc[l] = acc[l] + v[j0 + l];
    for (int l = 0; j0 + l < n; ++l) acc[l] = acc[l] + v[j0 + l];
    return butterfly(acc);
}

// Warp-order dot product with FMA accumulation.
float lane_dot(const float* a, const float* b, int64_t n) {
    float acc[kWarp] = {};
    int64_t j0 = 0;
    for (; j0 + kWarp <= n; j0 += kWarp)
        for (int l = 0; l < kWarp; ++l) acc[l] = exmy_fma(a[j0 + l], b[j0 + l], acc[l]);
    for (int l = 0; j0 + l < n; ++l) acc[l] = exmy_fma(a[j0 + l], b[j0 + l], acc[l]);
    return butterfly(acc);
}

// ColumnOrder second level: dst[c] += warp-order sum over chunks of partial[k][c].
void column_fold(float* dst, const float* partial, int64_t chunks, int64_t cols, int threads) {
    parallel_for(cols, threads, [&](int64_t c0, int64_t c1) {
        std::vector<float> acc(kWarp * (c1 - c0), 0.0f);
        for (int64_t k = 0; k < chunks; ++k) {
            float* a = &acc[(k % kWarp) * (c1 - c0)];
            const float* p = partial + k * cols + c0;
            for (int64_t c = 0; c < c1 - c0; ++c) a[c] = a[c] + p[c];
        }
        for (int64_t c = c0; c < c1; ++c) {
            float lanes[kWarp];
            for (int l = 0; l < kWarp; ++l) lanes[l] = acc[l * (c1 - c0) + (c - c0)];
            dst[c] = dst[c] + butterfly(lanes);
        }
    }, 256);
}

}  // namespace

extern "C" {

int exmy_host_train_abi_version() { return 1; }

void exmy_host_train_fill(float* x, int64_t n, float value, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) { std::fill(x + b, x + e, value); });
}

void exmy_host_train_scale(float* x, int64_t n, float factor, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) x[i] = x[i] * factor;
    });
}

void exmy_host_train_add(float* out, const float* a, const float* b, int64_t n, int threads) {
    parallel_for(n, threads, [&](int64_t s, int64_t e) {
        for (int64_t i = s; i < e; ++i) out[i] = a[i] + b[i];
    });
}

void exmy_host_train_bias_add(float* out, const float* bias, int64_t rows, int64_t cols, int threads) {
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r)
            for (int64_t c = 0; c < cols; ++c) out[r * cols + c] = out[r * cols + c] + bias[c];
    }, rows_per_task(cols));
}

void exmy_host_train_bias_backward(float* dbias, const float* dout, int64_t rows, int64_t cols, int threads) {
    const int64_t chunks = (rows + kColumnRows - 1) / kColumnRows;
    std::vector<float> partial(chunks * cols);
    parallel_for(chunks, threads, [&](int64_t k0, int64_t k1) {
        for (int64_t k = k0; k < k1; ++k) {
            float* p = &partial[k * cols];
            std::fill(p, p + cols, 0.0f);
            for (int64_t r = k * kColumnRows; r < std::min(rows, (k + 1) * kColumnRows); ++r)
                for (int64_t c = 0; c < cols; ++c) p[c] = p[c] + dout[r * cols + c];
        }
    }, rows_per_task(cols * kColumnRows));
    column_fold(dbias, partial.data(), chunks, cols, threads);
}

void exmy_host_train_gelu_forward(float* out, const float* inp, int64_t n, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) out[i] = exmy_gelu_value(inp[i]);
    }, 1 << 14);
}

void exmy_host_train_gelu_backward(float* dinp, const float* inp, const float* dout, int64_t n, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dinp[i] = exmy_gelu_grad(inp[i], dout[i]);
    }, 1 << 14);
}

void exmy_host_train_encoder_forward(float* out, const int32_t* tokens, const float* wte, const float* wpe, int B,
                                     int T, int C, int V, int threads) {
    parallel_for((int64_t)B * T, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const int token = tokens[r];
            const bool ok = token >= 0 && token < V;
            const float* e = wte + (int64_t)(ok ? token : 0) * C;
            const float* p = wpe ? wpe + (r % T) * C : nullptr;
            float* o = out + r * C;
            for (int c = 0; c < C; ++c) {
                const float x = ok ? e[c] : 0.0f;
                o[c] = p ? x + p[c] : x;
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
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const float* x = inp + r * C;
            const float m = lane_sum(x, C) / (float)C;
            float acc[kWarp] = {};
            for (int j = 0; j < C; ++j) {
                const float d = x[j] - m;
                acc[j & 31] = exmy_fma(d, d, acc[j & 31]);
            }
            const float var = butterfly(acc) / (float)C;
            const float s = 1.0f / exmy_sqrt(var + eps);
            float* o = out + r * C;
            for (int j = 0; j < C; ++j) o[j] = exmy_fma((x[j] - m) * s, weight[j], bias[j]);
            mean[r] = m;
            rstd[r] = s;
        }
    }, rows_per_task(C));
}

void exmy_host_train_layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
                                        const float* weight, const float* mean, const float* rstd, int64_t rows, int C,
                                        int threads) {
    const int64_t chunks = (rows + kColumnRows - 1) / kColumnRows;
    std::vector<float> pw(chunks * C), pb(chunks * C);
    parallel_for(chunks, threads, [&](int64_t k0, int64_t k1) {
        std::vector<float> n(C), g(C);
        for (int64_t k = k0; k < k1; ++k) {
            float* pwk = &pw[k * C];
            float* pbk = &pb[k * C];
            std::fill(pwk, pwk + C, 0.0f);
            std::fill(pbk, pbk + C, 0.0f);
            for (int64_t r = k * kColumnRows; r < std::min(rows, (k + 1) * kColumnRows); ++r) {
                const float* x = inp + r * C;
                const float* dy = dout + r * C;
                const float m = mean[r];
                const float s = rstd[r];
                for (int j = 0; j < C; ++j) {
                    n[j] = (x[j] - m) * s;
                    g[j] = weight[j] * dy[j];
                }
                const float a = lane_sum(g.data(), C) / (float)C;
                const float b = lane_dot(g.data(), n.data(), C) / (float)C;
                float* d = dinp + r * C;
                for (int j = 0; j < C; ++j) {
                    d[j] = d[j] + exmy_fma(-n[j], b, g[j] - a) * s;
                    pwk[j] = exmy_fma(n[j], dy[j], pwk[j]);
                    pbk[j] = pbk[j] + dy[j];
                }
            }
        }
    }, rows_per_task((int64_t)C * kColumnRows));
    column_fold(dweight, pw.data(), chunks, C, threads);
    column_fold(dbias, pb.data(), chunks, C, threads);
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
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        std::vector<float> e(T);
        for (int64_t r = r0; r < r1; ++r) {
            const int live = (int)(r % T) + 1;
            const float* s = preatt + r * T;
            float m = exmy_u2f(0xff800000u);
            for (int j = 0; j < live; ++j) m = exmy_max(m, s[j]);
            for (int j = 0; j < live; ++j) e[j] = exmy_exp((s[j] - m) * scale);
            const float inv = 1.0f / lane_sum(e.data(), live);
            float* a = att + r * T;
            for (int j = 0; j < live; ++j) a[j] = e[j] * inv;
            for (int j = live; j < T; ++j) a[j] = 0.0f;
        }
    }, rows_per_task(T));
}

void exmy_host_train_softmax_backward(float* dpreatt, const float* datt, const float* att, int64_t rows, int T,
                                      float scale, int threads) {
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const int live = (int)(r % T) + 1;
            const float* p = att + r * T;
            const float* g = datt + r * T;
            const float d = lane_dot(p, g, live);
            float* o = dpreatt + r * T;
            for (int j = 0; j < live; ++j) o[j] = p[j] * (g[j] - d) * scale;
            for (int j = live; j < T; ++j) o[j] = 0.0f;
        }
    }, rows_per_task(T));
}

void exmy_host_train_rope(float* out, const float* inp, const float* table, int64_t rows, int T, int HS, int backward,
                          int threads) {
    const int half = HS / 2;
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const float* cs = table + (r % T) * HS;
            const float* x = inp + r * HS;
            float* o = out + r * HS;
            for (int i = 0; i < half; ++i) {
                const float c = cs[2 * i], s = cs[2 * i + 1];
                const float x0 = x[2 * i], x1 = x[2 * i + 1];
                if (backward) {
                    o[2 * i] = x0 * c + x1 * s;
                    o[2 * i + 1] = x1 * c - x0 * s;
                } else {
                    o[2 * i] = x0 * c - x1 * s;
                    o[2 * i + 1] = x0 * s + x1 * c;
                }
            }
        }
    }, rows_per_task(HS));
}

void exmy_host_train_cross_entropy(float* losses, float* dlogits, const float* logits, const int32_t* targets,
                                   int64_t rows, int V, int Vp, float dloss, int threads) {
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const float* x = logits + r * Vp;
            exmy_maxsum lanes[kCeLanes];
            for (int t = 0; t < kCeLanes; ++t) lanes[t] = exmy_maxsum_empty();
            for (int j0 = 0; j0 < V; j0 += kCeLanes)
                for (int t = 0; t < kCeLanes && j0 + t < V; ++t) lanes[t] = exmy_maxsum_add(lanes[t], x[j0 + t]);
            exmy_maxsum totals[kWarp];
            for (int w = 0; w < kWarp; ++w) totals[w] = exmy_maxsum_empty();
            for (int w = 0; w < kCeLanes / kWarp; ++w) totals[w] = butterfly(lanes + w * kWarp);
            const exmy_maxsum ms = butterfly(totals);
            const int y = targets[r];
            const bool ok = y >= 0 && y < V;
            losses[r] = ok ? exmy_log(ms.s) - (x[y] - ms.m) : 0.0f;
            if (dlogits) {
                const float inv = 1.0f / ms.s;
                float* g = dlogits + r * Vp;
                for (int j = 0; j < Vp; ++j) {
                    float d = 0.0f;
                    if (ok && j < V) {
                        const float p = exmy_exp(x[j] - ms.m) * inv;
                        d = (p - (j == y ? 1.0f : 0.0f)) * dloss;
                    }
                    g[j] = d;
                }
            }
        }
    }, rows_per_task(V));
}

void exmy_host_train_adamw(float* params, const float* grads, float* m, float* v, int64_t n,
                           const exmy_adamw_params* a, int threads) {
    const exmy_adamw_params p = *a;
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) exmy_adamw_update(&params[i], &m[i], &v[i], grads[i], p);
    });
}

void exmy_host_train_sumsq(float* out, const float* x, int64_t n, int threads) {
    const int64_t chunks = (n + kSumsqChunk - 1) / kSumsqChunk;
    std::vector<float> partial(chunks);
    parallel_for(chunks, threads, [&](int64_t k0, int64_t k1) {
        for (int64_t k = k0; k < k1; ++k) {
            const float* c = x + k * kSumsqChunk;
            partial[k] = lane_dot(c, c, std::min(kSumsqChunk, n - k * kSumsqChunk));
        }
    }, 8);
    out[0] = lane_sum(partial.data(), chunks);
}

// exmy's math functions element-wise, for the twin tests: fn 0 = exp, 1 = log, 2 = tanh, 3 = gelu.
void exmy_host_train_math(float* out, const float* in, int64_t n, int fn, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
            const float x = in[i];
            out[i] = fn == 0 ? exmy_exp(x) : fn == 1 ? exmy_log(x) : fn == 2 ? exmy_tanh(x) : exmy_gelu_value(x);
        }
    });
}

}  // extern "C"
