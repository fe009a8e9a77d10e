// Layer norm forward and backward, one warp per row (lane l holds elements l, l+32, ...: the warp
// order of io.exmy.ops.LaneOrder). Java twin: io.exmy.ops.LayerNorm; launches: LayerNormKernels.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

extern "C" __global__ void exmy_layernorm_forward(float* out, float* __restrict__ mean, float* __restrict__ rstd,
                                                  const float* inp, const float* __restrict__ weight,
                                                  const float* __restrict__ bias, int rows, int C, float eps) {
    const int lane = exmy_lane();
    const int warps = (int)exmy_warp_count();
    for (int row = (int)exmy_warp_index(); row < rows; row += warps) {
        const float* x = inp + (long long)row * C;
        float s = 0.0f;
        for (int j = lane; j < C; j += 32) s = s + x[j];
        const float m = exmy_warp_sum(s) / (float)C;
        float q = 0.0f;
        for (int j = lane; j < C; j += 32) {
            const float d = x[j] - m;
            q = exmy_fma(d, d, q);
        }
        const float var = exmy_warp_sum(q) / (float)C;
        const float rs = 1.0f / exmy_sqrt(var + eps);
        float* o = out + (long long)row * C;
        for (int j = lane; j < C; j += 32) o[j] = exmy_fma((x[j] - m) * rs, weight[j], bias[j]);
        if (lane == 0) {
            mean[row] = m;
            rstd[row] = rs;
        }
    }
}
EXMY_KERNEL(exmy_layernorm_forward)

// One warp per chunk of 8 rows (the column order of io.exmy.ops.ColumnOrder), rows in order:
// dinp += fma(-n, b, g - a) * rstd with n = (x - mean) * rstd, g = weight * dout, a = sum(g)/C,
// b = dot(g, n)/C; and the chunk's weight and bias partials, fma(n, dout, pw) and pb + dout, in the
// warp's slice of dynamic shared memory (2*C floats; lane l touches only its own columns), written
// to partial_w/partial_b[chunk][c] for exmy_column_fold.
#define EXMY_LN_CHUNK 8
extern "C" __global__ void exmy_layernorm_backward(float* __restrict__ dinp, float* __restrict__ partial_w,
                                                   float* __restrict__ partial_b, const float* __restrict__ dout,
                                                   const float* __restrict__ inp, const float* __restrict__ weight,
                                                   const float* __restrict__ mean, const float* __restrict__ rstd,
                                                   int rows, int C) {
    EXMY_DYNAMIC_SHARED(float, smem);
    const int lane = exmy_lane();
    float* pw = smem + (long long)(threadIdx.x >> 5) * 2 * C;
    float* pb = pw + C;
    const int chunks = (rows + EXMY_LN_CHUNK - 1) / EXMY_LN_CHUNK;
    const int warps = (int)exmy_warp_count();
    for (int k = (int)exmy_warp_index(); k < chunks; k += warps) {
        for (int j = lane; j < C; j += 32) {
            pw[j] = 0.0f;
            pb[j] = 0.0f;
        }
        const int r1 = min(rows, (k + 1) * EXMY_LN_CHUNK);
        for (int r = k * EXMY_LN_CHUNK; r < r1; ++r) {
            const float* x = inp + (long long)r * C;
            const float* g = dout + (long long)r * C;
            const float m = mean[r];
            const float rs = rstd[r];
            float sg = 0.0f;
            float sgn = 0.0f;
            for (int j = lane; j < C; j += 32) {
                const float n = (x[j] - m) * rs;
                const float gn = weight[j] * g[j];
                sg = sg + gn;
                sgn = exmy_fma(gn, n, sgn);
            }
            const float a = exmy_warp_sum(sg) / (float)C;
            const float b = exmy_warp_sum(sgn) / (float)C;
            float* d = dinp + (long long)r * C;
            for (int j = lane; j < C; j += 32) {
                const float n = (x[j] - m) * rs;
                const float gn = weight[j] * g[j];
                d[j] = d[j] + exmy_fma(-n, b, gn - a) * rs;
                pw[j] = exmy_fma(n, g[j], pw[j]);
                pb[j] = pb[j] + g[j];
            }
        }
        for (int j = lane; j < C; j += 32) {
            partial_w[(long long)k * C + j] = pw[j];
            partial_b[(long long)k * C + j] = pb[j];
        }
    }
}
EXMY_KERNEL(exmy_layernorm_backward)
