// Rotary position embedding (RoPE) on the rows of the per-head q and k, forward and backward.
// Java twin: io.exmy.ops.Rope; launches: io.exmy.backend.kernel.RopeKernels.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

// Rotary embedding on interleaved pairs of rows of HS (row r at position r mod T), one warp per row,
// lane l taking pairs l, l+32, ...; table = (T, HS/2) pairs (cos, sin); each pair exmy_rope_pair
// (exmy_train.cuh). out may be inp.
extern "C" __global__ void exmy_rope(float* out, const float* inp, const float* __restrict__ table, int rows, int T,
                                     int HS, int backward) {
    const int lane = exmy_lane();
    const int half = HS / 2;
    const long long warps = exmy_warp_count();
    for (long long r = exmy_warp_index(); r < rows; r += warps) {
        const float* cs = table + (r % T) * HS;
        const float* x = inp + r * HS;
        float* o = out + r * HS;
        for (int p = lane; p < half; p += 32) exmy_rope_pair(o + 2 * p, x + 2 * p, cs[2 * p], cs[2 * p + 1], backward);
    }
}
EXMY_KERNEL(exmy_rope)
