// The loops of the host training ops (exmy_host_train.cpp). Included twice on purpose — no include
// guard: once plainly, once under `#pragma GCC target("avx2,fma")` and O3 so that exmy_fma is one
// instruction and the loops over exmy_exp/exmy_tanh vectorise (8 lanes, the same IEEE operation in
// each lane: vectorising never changes a result; -ffp-contract=off still holds). Every loop follows
// the reference's order: a warp's 32 lanes are 32 accumulators, lane l taking elements l, l+32, ...,
// combined by the halving form of the xor butterfly.

inline float butterfly(float* acc) {
    for (int half = kWarp / 2; half >= 1; half >>= 1)
        for (int l = 0; l < half; ++l) acc[l] = acc[l] + acc[l + half];
    return acc[0];
}

// The butterfly of `warps` consecutive warps' (max, sum) pairs at once (each warp's own butterfly:
// the steps of all warps interleave, so the wide steps vectorise); lane 0 of warp w ends at index 32w.
inline void butterfly(float* m, float* s, int warps) {
    for (int half = kWarp / 2; half >= 1; half >>= 1)
        for (int w = 0; w < warps; ++w)
            for (int l = w * kWarp; l < w * kWarp + half; ++l) {
                const exmy_maxsum c = exmy_maxsum_combine(exmy_maxsum{m[l], s[l]}, exmy_maxsum{m[l + half], s[l + half]});
                m[l] = c.m;
                s[l] = c.s;
            }
}

// Warp-order sum of v[0..n).
inline float lane_sum(const float* v, int64_t n) {
    float acc[kWarp] = {};
    int64_t j0 = 0;
    for (; j0 + kWarp <= n; j0 += kWarp)
        for (int l = 0; l < kWarp; ++l) acc[l] = acc[l] + v[j0 + l];
    for (int l = 0; l < n - j0; ++l) acc[l] = acc[l] + v[j0 + l];
    return butterfly(acc);
}

// Warp-order dot product, FMA accumulation.
inline float lane_dot(const float* a, const float* b, int64_t n) {
    float acc[kWarp] = {};
    int64_t j0 = 0;
    for (; j0 + kWarp <= n; j0 += kWarp)
        for (int l = 0; l < kWarp; ++l) acc[l] = exmy_fma(a[j0 + l], b[j0 + l], acc[l]);
    for (int l = 0; l < n - j0; ++l) acc[l] = exmy_fma(a[j0 + l], b[j0 + l], acc[l]);
    return butterfly(acc);
}

// ColumnOrder second level: dst[c] += warp-order sum over the chunks k of partial[k][c].
inline void column_fold(float* dst, const float* partial, int64_t chunks, int64_t cols, int threads) {
    parallel_for(cols, threads, [&](int64_t c0, int64_t c1) {
        const int64_t w = c1 - c0;
        std::vector<float> acc(kWarp * w, 0.0f);
        for (int64_t k = 0; k < chunks; ++k) {
            float* a = &acc[(k % kWarp) * w];
            const float* p = partial + k * cols + c0;
            for (int64_t c = 0; c < w; ++c) a[c] = a[c] + p[c];
        }
        for (int64_t c = 0; c < w; ++c) {
            float lanes[kWarp];
            for (int l = 0; l < kWarp; ++l) lanes[l] = acc[l * w + c];
            dst[c0 + c] = dst[c0 + c] + butterfly(lanes);
        }
    }, 256);
}

inline void scale(float* x, int64_t n, float factor, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) x[i] = x[i] * factor;
    });
}

inline void add(float* out, const float* a, const float* b, int64_t n, int threads) {
    parallel_for(n, threads, [&](int64_t s, int64_t e) {
        for (int64_t i = s; i < e; ++i) out[i] = a[i] + b[i];
    });
}

inline void bias_add(float* out, const float* bias, int64_t rows, int64_t cols, int threads) {
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            float* o = out + r * cols;
            for (int64_t c = 0; c < cols; ++c) o[c] = o[c] + bias[c];
        }
    }, rows_per_task(cols));
}

inline void bias_backward(float* dbias, const float* dout, int64_t rows, int64_t cols, int threads) {
    const int64_t chunks = (rows + kColumnRows - 1) / kColumnRows;
    std::vector<float> partial(chunks * cols);
    parallel_for(chunks, threads, [&](int64_t k0, int64_t k1) {
        for (int64_t k = k0; k < k1; ++k) {
            float* p = &partial[k * cols];
            std::fill(p, p + cols, 0.0f);
            for (int64_t r = k * kColumnRows; r < std::min(rows, (k + 1) * kColumnRows); ++r) {
                const float* g = dout + r * cols;
                for (int64_t c = 0; c < cols; ++c) p[c] = p[c] + g[c];
            }
        }
    }, rows_per_task(cols * kColumnRows));
    column_fold(dbias, partial.data(), chunks, cols, threads);
}

inline void gelu_forward(float* out, const float* inp, int64_t n, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) out[i] = exmy_gelu_value(inp[i]);
    }, 1 << 14);
}

inline void gelu_backward(float* dinp, const float* inp, const float* dout, int64_t n, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dinp[i] = exmy_gelu_grad(inp[i], dout[i]);
    }, 1 << 14);
}

inline void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* weight,
                              const float* bias, int64_t rows, int C, float eps, int threads) {
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        std::vector<float> d(C);
        for (int64_t r = r0; r < r1; ++r) {
            const float* x = inp + r * C;
            const float m = lane_sum(x, C) / (float)C;
            for (int j = 0; j < C; ++j) d[j] = x[j] - m;
            const float var = lane_dot(d.data(), d.data(), C) / (float)C;
            const float s = 1.0f / exmy_sqrt(var + eps);
            float* o = out + r * C;
            for (int j = 0; j < C; ++j) o[j] = exmy_fma(d[j] * s, weight[j], bias[j]);
            mean[r] = m;
            rstd[r] = s;
        }
    }, rows_per_task(C));
}

inline void layernorm_backward(float* dinp, float* dweight, float* dbias, const float* dout, const float* inp,
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

inline void softmax_forward(float* att, const float* preatt, int64_t rows, int T, float scale, int threads) {
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

inline void softmax_backward(float* dpreatt, const float* datt, const float* att, int64_t rows, int T, float scale,
                             int threads) {
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

inline void cross_entropy(float* losses, float* dlogits, const float* logits, const int32_t* targets, int64_t rows,
                          int V, int Vp, float dloss, int threads) {
    parallel_for(rows, threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const float* x = logits + r * Vp;
            float lm[kCeLanes], ls[kCeLanes];  // the 256 threads' (max, sum) pairs
            for (int t = 0; t < kCeLanes; ++t) {
                lm[t] = exmy_u2f(0xff800000u);
                ls[t] = 0.0f;
            }
            for (int j0 = 0; j0 < V; j0 += kCeLanes) {
                const int lanes = std::min(kCeLanes, V - j0);
                for (int t = 0; t < lanes; ++t) {
                    const exmy_maxsum a = exmy_maxsum_add(exmy_maxsum{lm[t], ls[t]}, x[j0 + t]);
                    lm[t] = a.m;
                    ls[t] = a.s;
                }
            }
            float wm[kWarp], ws[kWarp];
            for (int w = 0; w < kWarp; ++w) {
                wm[w] = exmy_u2f(0xff800000u);
                ws[w] = 0.0f;
            }
            butterfly(lm, ls, kCeLanes / kWarp);
            for (int w = 0; w < kCeLanes / kWarp; ++w) {
                wm[w] = lm[w * kWarp];
                ws[w] = ls[w * kWarp];
            }
            butterfly(wm, ws, 1);
            const float M = wm[0], S = ws[0];
            const int y = targets[r];
            const bool ok = y >= 0 && y < V;
            losses[r] = ok ? exmy_log(S) - (x[y] - M) : 0.0f;
            if (dlogits) {
                float* g = dlogits + r * Vp;
                const float inv = 1.0f / S;
                if (ok) {
                    for (int j = 0; j < V; ++j) g[j] = (exmy_exp(x[j] - M) * inv - (j == y ? 1.0f : 0.0f)) * dloss;
                    for (int j = V; j < Vp; ++j) g[j] = 0.0f;
                } else {
                    for (int j = 0; j < Vp; ++j) g[j] = 0.0f;
                }
            }
        }
    }, rows_per_task(V));
}

inline void adamw(float* params, const float* grads, float* m, float* v, int64_t n, const exmy_adamw_params& a,
                  int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) exmy_adamw_update(&params[i], &m[i], &v[i], grads[i], a);
    });
}

inline void sumsq(float* out, const float* x, int64_t n, int threads) {
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

inline void math(float* out, const float* in, int64_t n, int fn, int threads) {
    parallel_for(n, threads, [&](int64_t b, int64_t e) {
        switch (fn) {
            case 0: for (int64_t i = b; i < e; ++i) out[i] = exmy_exp(in[i]); break;
            case 1: for (int64_t i = b; i < e; ++i) out[i] = exmy_log(in[i]); break;
            case 2: for (int64_t i = b; i < e; ++i) out[i] = exmy_tanh(in[i]); break;
            default: for (int64_t i = b; i < e; ++i) out[i] = exmy_gelu_value(in[i]); break;
        }
    });
}
