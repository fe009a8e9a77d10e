// Rotary position embedding (RoPE) on the rows of the per-head q and k, forward and backward.
// Java twin: io.exmy.ops.Rope; launches: io.exmy.backend.kernel.RopeKernels.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

// Rotary embedding on interleaved pairs of rows of HS (row r at position r mod T), one warp per row,
// lane l taking pairs l, l+32, ...; table = (T, HS/2) pairs (cos, sin). Forward y0 = x0 c - x1 s,
// y1 = x0 s + x1 c; backward (the transpose) dx0 = dy0 c + dy1 s, dx1 = dy1 c - dy0 s. out may be inp.
extern "C" __global__ void exmy_rope(float* out, const float* inp, const float* __restrict__ table, int rows, int T,
                                     int HS, int backward) {
    const int lane = exmy_lane();
    const int half = HS / 2;
    const long long warps = exmy_warp_count();
    for (long long r = exmy_warp_index(); r < rows; r += warps) {
        const float* cs = table + (r % T) * HS;
        const float* x = inp + r * HS;
        float* o = out + r * HS;
        for (int p = lane; p < half; p += 32) {
            const float c = cs[2 * p];
            const float s = cs[2 * p + 1];
            const float x0 = x[2 * p];
            const float x1 = x[2 * p + 1];
            if (backward) {
                o[2 * p] = x0 * c + x1 * s;
                o[2 * p + 1] = x1 * c - x0 * s;
            } else {
                o[2 * p] = x0 * c - x1 * s;
                o[2 * p + 1] = x0 * s + x1 * c;
            }
        }
    }
}
EXMY_KERNEL(exmy_rope)
