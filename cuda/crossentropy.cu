// The fused classifier: softmax + cross-entropy over each row of logits and the gradient of the loss
// with respect to the logits, one block of 256 threads per row. Java twin: io.exmy.ops.CrossEntropy;
// launches: io.exmy.backend.kernel.CrossEntropyKernels. (llm.c calls it the fused classifier.)
//
// Pass 1: thread t folds the online (max, sum of exp) pair over columns t, t+256, ... < V; the pairs
// combine by the xor butterfly in each warp, then the 8 warp totals (padded with (-inf, 0) to 32) by
// the butterfly in warp 0. Pass 2 writes the gradient. Two reads of the row and one write.
#include "exmy_train.cuh"

#define EXMY_CE_THREADS 256
#define EXMY_CE_WARPS (EXMY_CE_THREADS / 32)

// losses[r] = log(S) - (x[y] - M); with write_grad, dlogits[r][j] = (exp(x[j] - M) * (1/S) - [j = y]) * dloss
// for j < V and 0 for V <= j < Vp. A target outside [0, V) gives loss 0 and a zero gradient row.
// dlogits may be logits: the gradient pass starts after the block-wide reduction has read the row.
extern "C" __global__ void __launch_bounds__(EXMY_CE_THREADS)
exmy_cross_entropy(float* __restrict__ losses, float* dlogits, const float* logits, const int* __restrict__ targets,
                   int rows, int V, int Vp, float dloss, int write_grad) {
    __shared__ float warp_m[EXMY_CE_WARPS];
    __shared__ float warp_s[EXMY_CE_WARPS];
    __shared__ float row_m;
    __shared__ float row_s;
    const int tid = threadIdx.x;
    const int lane = tid & 31;
    const int warp = tid >> 5;
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* x = logits + (long long)r * Vp;
        exmy_maxsum a = exmy_maxsum_empty();
        for (int j = tid; j < V; j += EXMY_CE_THREADS) a = exmy_maxsum_add(a, x[j]);
        a = exmy_warp_maxsum(a);
        if (lane == 0) {
            warp_m[warp] = a.m;
            warp_s[warp] = a.s;
        }
        __syncthreads();
        if (warp == 0) {
            exmy_maxsum w = exmy_maxsum_empty();
            if (lane < EXMY_CE_WARPS) {
                w.m = warp_m[lane];
                w.s = warp_s[lane];
            }
            w = exmy_warp_maxsum(w);
            if (lane == 0) {
                row_m = w.m;
                row_s = w.s;
                // read x[y] here, before anyone may overwrite the row with its gradient
                const int t = targets[r];
                losses[r] = t >= 0 && t < V ? exmy_log(w.s) - (x[t] - w.m) : 0.0f;
            }
        }
        __syncthreads();
        const float M = row_m;
        const float S = row_s;
        const int y = targets[r];
        const bool ok = y >= 0 && y < V;
        if (write_grad) {
            const float inv = 1.0f / S;
            float* g = dlogits + (long long)r * Vp;
            for (int j = tid; j < Vp; j += EXMY_CE_THREADS) {
                float d = 0.0f;
                if (ok && j < V) {
                    const float p = exmy_exp(x[j] - M) * inv;
                    d = (p - (j == y ? 1.0f : 0.0f)) * dloss;
                }
                g[j] = d;
            }
        }
        __syncthreads();  // the shared totals and, in place, the row are reused by the next row
    }
}
EXMY_KERNEL(exmy_cross_entropy)
