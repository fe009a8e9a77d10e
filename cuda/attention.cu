// The non-GEMM parts of causal self-attention: the layouts around the batched Q.K^T and P.V
// products, and the scaled causal softmax (one warp per row of scores). Rotary embeddings: rope.cu.
// Java twin: io.exmy.ops.Attention; launches: io.exmy.backend.kernel.AttentionKernels.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

// q/k/v[b][h][t][d] = qkv[b][t][0/1/2][h][d]; backward copies the other way. One warp per row
// (b, h, t) of HS, lanes along d: the index arithmetic is done once per row and the copies coalesce.
extern "C" __global__ void exmy_attention_split(float* q, float* k, float* v, float* qkv, int B, int T, int NH,
                                                int HS, int backward) {
    const int lane = exmy_lane();
    const long long rows = (long long)B * NH * T;
    const long long C = (long long)NH * HS;
    const long long warps = exmy_warp_count();
    for (long long row = exmy_warp_index(); row < rows; row += warps) {
        const long long t = row % T;
        const long long h = (row / T) % NH;
        const long long b = row / ((long long)T * NH);
        float* f = qkv + (b * T + t) * 3 * C + h * HS;
        float* parts[3] = {q + row * HS, k + row * HS, v + row * HS};
        for (int p = 0; p < 3; ++p) {
            for (int d = lane; d < HS; d += 32) {
                if (backward) {
                    f[p * C + d] = parts[p][d];
                } else {
                    parts[p][d] = f[p * C + d];
                }
            }
        }
    }
}
EXMY_KERNEL(exmy_attention_split)

// out[b][t][h][d] = y[b][h][t][d]; backward: y from out. One warp per row (b, h, t).
extern "C" __global__ void exmy_attention_merge(float* out, float* y, int B, int T, int NH, int HS, int backward) {
    const int lane = exmy_lane();
    const long long rows = (long long)B * NH * T;
    const long long warps = exmy_warp_count();
    for (long long row = exmy_warp_index(); row < rows; row += warps) {
        const long long t = row % T;
        const long long h = (row / T) % NH;
        const long long b = row / ((long long)T * NH);
        float* o = out + (b * T + t) * NH * HS + h * HS;
        float* a = y + row * HS;
        for (int d = lane; d < HS; d += 32) {
            if (backward) {
                a[d] = o[d];
            } else {
                o[d] = a[d];
            }
        }
    }
}
EXMY_KERNEL(exmy_attention_merge)

// Row r (query t = r mod T), live entries j <= t: m = max s[j]; e[j] = exp((s[j] - m) * scale);
// att[j] = e[j] * (1 / sum e) in warp order; att[j] = 0 above the diagonal. att may be preatt: every
// pass gives lane l the same elements, so each element is read and written by one lane.
extern "C" __global__ void exmy_softmax_forward(float* att, const float* preatt, int rows, int T, float scale) {
    const int lane = exmy_lane();
    const int warps = (int)exmy_warp_count();
    for (int r = (int)exmy_warp_index(); r < rows; r += warps) {
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
    const int lane = exmy_lane();
    const int warps = (int)exmy_warp_count();
    for (int r = (int)exmy_warp_index(); r < rows; r += warps) {
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
