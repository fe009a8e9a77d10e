// Token + position embeddings, forward and backward. Java twin: io.exmy.ops.Encoder; launches:
// io.exmy.backend.kernel.EncoderKernels.
//
// The token-table gradient needs no atomics and no sort: the first position that uses a token owns
// that table row and sums the gradients of every position using it, in ascending order — the
// reference's order — so the result is the same on every run and every backend.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

// out[r][c] = (token valid ? wte[token][c] : 0) + wpe[r mod T][c]; without positions (has_wpe = 0)
// out[r][c] = the token part alone. One warp per row r, lanes along c.
extern "C" __global__ void exmy_encoder_forward(float* __restrict__ out, const int* __restrict__ tokens,
                                                const float* __restrict__ wte, const float* __restrict__ wpe, int B,
                                                int T, int C, int V, int has_wpe) {
    const int lane = exmy_lane();
    const long long rows = (long long)B * T;
    const long long warps = exmy_warp_count();
    for (long long r = exmy_warp_index(); r < rows; r += warps) {
        const int token = tokens[r];
        const bool ok = token >= 0 && token < V;
        const float* e = wte + (long long)(ok ? token : 0) * C;
        const float* p = wpe + (r % T) * C;
        float* o = out + r * C;
        for (int c = lane; c < C; c += 32) {
            const float x = ok ? e[c] : 0.0f;
            o[c] = has_wpe ? x + p[c] : x;
        }
    }
}
EXMY_KERNEL(exmy_encoder_forward)

// dwte[v][c] += dout[r][c] over the rows r with token v, ascending. One warp per (row i, group of
// 128 channels): the warp looks for an earlier row with the same token (ballots over 32 rows at a
// time); if there is none it owns the table row and adds, lane l holding channels l, l+32, l+64,
// l+96 of its group, every later row with that token in order.
#define EXMY_ENC_GROUP 128
extern "C" __global__ void exmy_encoder_backward_wte(float* __restrict__ dwte, const float* __restrict__ dout,
                                                     const int* __restrict__ tokens, int rows, int C, int V) {
    const int lane = exmy_lane();
    const int groups = (C + EXMY_ENC_GROUP - 1) / EXMY_ENC_GROUP;
    const long long work = (long long)rows * groups;
    const long long warps = exmy_warp_count();
    for (long long w = exmy_warp_index(); w < work; w += warps) {
        const int i = (int)(w / groups);
        const int c0 = (int)(w - (long long)i * groups) * EXMY_ENC_GROUP + lane;
        const int token = tokens[i];
        if (token < 0 || token >= V) continue;  // warp-uniform
        bool owner = true;
        for (int j0 = 0; j0 < i && owner; j0 += 32) {
            const int j = j0 + lane;
            owner = !__any_sync(EXMY_FULL_WARP, j < i && tokens[j] == token);
        }
        if (!owner) continue;  // warp-uniform: the ballot's answer is the same on every lane
        float* row = dwte + (long long)token * C;
        float acc[4];
        for (int q = 0; q < 4; ++q) acc[q] = c0 + 32 * q < C ? row[c0 + 32 * q] : 0.0f;
        for (int j0 = i; j0 < rows; j0 += 32) {
            const int j = j0 + lane;
            unsigned hits = __ballot_sync(EXMY_FULL_WARP, j < rows && tokens[j] == token);
            while (hits != 0u) {
                const int r = j0 + __ffs((int)hits) - 1;
                hits &= hits - 1u;
                const float* g = dout + (long long)r * C;
                for (int q = 0; q < 4; ++q)
                    if (c0 + 32 * q < C) acc[q] = acc[q] + g[c0 + 32 * q];
            }
        }
        for (int q = 0; q < 4; ++q)
            if (c0 + 32 * q < C) row[c0 + 32 * q] = acc[q];
    }
}
EXMY_KERNEL(exmy_encoder_backward_wte)

// dwpe[t][c] += dout[b*T + t][c] for b = 0, 1, ..., B-1 in order; one thread per (t, c).
extern "C" __global__ void exmy_encoder_backward_wpe(float* __restrict__ dwpe, const float* __restrict__ dout, int B,
                                                     int T, int C) {
    const long long n = (long long)T * C;
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < n; i += stride) {
        float acc = dwpe[i];
        for (int b = 0; b < B; ++b) acc = acc + dout[(long long)b * T * C + i];
        dwpe[i] = acc;
    }
}
EXMY_KERNEL(exmy_encoder_backward_wpe)
