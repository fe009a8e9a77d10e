// The non-GEMM parts of causal self-attention: the layouts around the batched Q.K^T and P.V
// products, the scaled causal softmax (one warp per row of scores), and rotary embeddings.
// Java twins: io.exmy.ops.Attention, Rope; launches: io.exmy.backend.kernel.TrainKernels.
#include "exmy_train.cuh"

// q/k/v[b][h][t][d] = qkv[b][t][0/1/2][h][d]; backward copies the other way. One thread per element
// of (B, NH, T, HS), coalesced along d.
extern "C" __global__ void exmy_attention_split(float* q, float* k, float* v, float* qkv, int B, int T, int NH,
                                                int HS, int backward) {
    const long long n = (long long)B * NH * T * HS;
    const long long C = (long long)NH * HS;
    const long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const int d = (int)(i % HS);
        const long long row = i / HS;
        const int t = (int)(row % T);
        const int h = (int)((row / T) % NH);
        const long long b = row / ((long long)T * NH);
        const long long src = (b * T + t) * 3 * C + (long long)h * HS + d;
        if (backward) {
            qkv[src] = q[i];
            qkv[src + C] = k[i];
            qkv[src + 2 * C] = v[i];
        } else {
            q[i] = qkv[src];
            k[i] = qkv[src + C];
            v[i] = qkv[src + 2 * C];
        }
    }
}
EXMY_KERNEL(exmy_attention_split)

// out[b][t][h][d] = y[b][h][t][d]; backward: y from out.
extern "C" __global__ void exmy_attention_merge(float* out, float* y, int B, int T, int NH, int HS, int backward) {
    const long long n = (long long)B * NH * T * HS;
    const long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const int d = (int)(i % HS);
        const long long row = i / HS;
        const int t = (int)(row % T);
        const int h = (int)((row / T) % NH);
        const long long b = row / ((long long)T * NH);
        const long long o = (b * T + t) * NH * HS + (long long)h * HS + d;
        if (backward) {
            y[i] = out[o];
        } else {
            out[o] = y[i];
        }
    }
}
EXMY_KERNEL(exmy_attention_merge)

// Row r (query t = r mod T), live entries j <= t: m = max s[j]; e[j] = exp((s[j] - m) * scale);
// att[j] = e[j] * (1 / sum e) in warp order; att[j] = 0 above the diagonal. att may be preatt: every
// pass gives lane l the same elements, so each element is read and written by one lane.
extern "C" __global__ void exmy_softmax_forward(float* att, const float* preatt, int rows, int T, float scale) {
    const int lane = threadIdx.x & 31;
    const int warps = (gridDim.x * blockDim.x) >> 5;
    for (int r = (blockIdx.x * blockDim.x + threadIdx.x) >> 5; r < rows; r += warps) {
        const int live = r % T + 1;
        const float* s = preatt + (long long)r * T;
        float m = exmy_u2f(0xff800000u);
        for (int j = lane; j < live; j += 32) m = exmy_max(m, s[j]);
        m = exmy_warp_max(m);
        float sum = 0.0f;
        for (int j = lane; j < live; j += 32) sum = sum + exmy_exp((s[j] - m) * scale);
        const float inv = 1.0f / exmy_warp_sum(sum);
        float* a = att + (long long)r * T;
        for (int j = lane; j < T; j += 32) a[j] = j < live ? exmy_exp((s[j] - m) * scale) * inv : 0.0f;
    }
}
EXMY_KERNEL(exmy_softmax_forward)

// Row r, live entries j <= t: d = dot(att, datt) in warp order (FMA accumulation);
// dpreatt[j] = (att[j] * (datt[j] - d)) * scale, 0 above the diagonal. dpreatt may be datt.
extern "C" __global__ void exmy_softmax_backward(float* dpreatt, const float* datt, const float* __restrict__ att,
                                                 int rows, int T, float scale) {
    const int lane = threadIdx.x & 31;
    const int warps = (gridDim.x * blockDim.x) >> 5;
    for (int r = (blockIdx.x * blockDim.x + threadIdx.x) >> 5; r < rows; r += warps) {
        const int live = r % T + 1;
        const float* p = att + (long long)r * T;
        const float* g = datt + (long long)r * T;
        float d = 0.0f;
        for (int j = lane; j < live; j += 32) d = exmy_fma(p[j], g[j], d);
        d = exmy_warp_sum(d);
        float* o = dpreatt + (long long)r * T;
        for (int j = lane; j < T; j += 32) o[j] = j < live ? p[j] * (g[j] - d) * scale : 0.0f;
    }
}
EXMY_KERNEL(exmy_softmax_backward)

// Rotary embedding on interleaved pairs of rows of HS (row r at position r mod T), one thread per
// pair; table = (T, HS/2) pairs (cos, sin). Forward y0 = x0 c - x1 s, y1 = x0 s + x1 c; backward
// (the transpose) dx0 = dy0 c + dy1 s, dx1 = dy1 c - dy0 s. out may be inp.
extern "C" __global__ void exmy_rope(float* out, const float* inp, const float* __restrict__ table, int rows, int T,
                                     int HS, int backward) {
    const int half = HS / 2;
    const long long n = (long long)rows * half;
    const long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const long long r = i / half;
        const int p = (int)(i - r * half);
        const float* cs = table + (long long)(r % T) * HS + 2 * p;
        const float c = cs[0];
        const float s = cs[1];
        const float x0 = inp[r * HS + 2 * p];
        const float x1 = inp[r * HS + 2 * p + 1];
        if (backward) {
            out[r * HS + 2 * p] = x0 * c + x1 * s;
            out[r * HS + 2 * p + 1] = x1 * c - x0 * s;
        } else {
            out[r * HS + 2 * p] = x0 * c - x1 * s;
            out[r * HS + 2 * p + 1] = x0 * s + x1 * c;
        }
    }
}
EXMY_KERNEL(exmy_rope)
