// Scalar pieces of the training ops shared by the kernels and the host library, and the warp
// reductions of the kernels. Java twins: io.exmy.ops (Gelu, AdamW, CrossEntropy.MaxSum, LaneOrder).
// Every operation is written in the order of the Java reference; see docs/TRAINING_OPS.md.
#pragma once
#include "exmy_math.cuh"

// ---- GELU, GPT-2's tanh approximation (io.exmy.ops.Gelu) -----------------------------------------
#define EXMY_GELU_S 0x1.988454p-1f   // sqrt(2/pi)
#define EXMY_GELU_K 0x1.6e4e26p-5f   // 0.044715
#define EXMY_GELU_K3 0x1.12ba9cp-3f  // 3 * 0.044715

EXMY_INLINE float exmy_gelu_value(float x) {
    const float cube = EXMY_GELU_K * x * x * x;
    const float u = EXMY_GELU_S * (x + cube);
    return 0.5f * x * (1.0f + exmy_tanh(u));
}

EXMY_INLINE float exmy_gelu_grad(float x, float dout) {
    const float cube = EXMY_GELU_K * x * x * x;
    const float u = EXMY_GELU_S * (x + cube);
    const float t = exmy_tanh(u);
    const float sech2 = exmy_fma(-t, t, 1.0f);
    const float du = EXMY_GELU_S * exmy_fma(EXMY_GELU_K3 * x, x, 1.0f);
    const float local = exmy_fma(0.5f * x, sech2 * du, 0.5f * (1.0f + t));
    return local * dout;
}

// ---- rotary embedding (io.exmy.ops.Rope) ----------------------------------------------------------
// One pair (x0, x1) rotated by the angle whose (cos, sin) is (c, s): forward y0 = x0 c - x1 s,
// y1 = x0 s + x1 c; backward (the transpose) dx0 = dy0 c + dy1 s, dx1 = dy1 c - dy0 s. Reads both
// inputs before writing, so out may be in.
EXMY_INLINE void exmy_rope_pair(float* out, const float* in, float c, float s, bool backward) {
    const float x0 = in[0];
    const float x1 = in[1];
    if (backward) {
        out[0] = x0 * c + x1 * s;
        out[1] = x1 * c - x0 * s;
    } else {
        out[0] = x0 * c - x1 * s;
        out[1] = x0 * s + x1 * c;
    }
}

// ---- AdamW (io.exmy.ops.AdamW, AdamWStep): the floats Java derives once per step ---------------
struct exmy_adamw_params {
    float lr, beta1, beta2, omb1, omb2, bc1, bc2, eps, wd, grad_scale;
};

EXMY_INLINE void exmy_adamw_update(float* p, float* m, float* v, float grad, const exmy_adamw_params& a) {
    const float g = grad * a.grad_scale;
    const float mi = a.beta1 * *m + a.omb1 * g;
    const float vi = a.beta2 * *v + a.omb2 * (g * g);
    const float param = *p;
    *p = param - a.lr * ((mi / a.bc1) / (exmy_sqrt(vi / a.bc2) + a.eps) + a.wd * param);
    *m = mi;
    *v = vi;
}

// ---- online softmax pair (io.exmy.ops.CrossEntropy.MaxSum) ---------------------------------------
struct exmy_maxsum {
    float m, s;
};

EXMY_INLINE exmy_maxsum exmy_maxsum_empty() {
    exmy_maxsum r;
    r.m = exmy_u2f(0xff800000u);  // -inf
    r.s = 0.0f;
    return r;
}

// Adds one value: a new maximum rescales the sum, s*exp(m - x) + 1; otherwise s + exp(x - m). (One
// exp either way; selects without branches so that the host vectorises across lanes.)
EXMY_INLINE exmy_maxsum exmy_maxsum_add(exmy_maxsum a, float x) {
    const bool up = x > a.m;
    const float e = exmy_exp(exmy_select(up, a.m - x, x - a.m));
    exmy_maxsum r;
    r.m = exmy_select(up, x, a.m);
    r.s = exmy_select(up, a.s * e + 1.0f, a.s + e);
    return r;
}

// s*exp(mi - m), or s itself when mi = m (which also covers -inf = -inf).
EXMY_INLINE float exmy_maxsum_rescale(float s, float mi, float m) { return exmy_select(mi == m, s, s * exmy_exp(mi - m)); }

// Combines two pairs (commutative, so every lane of a butterfly ends with the same bits).
EXMY_INLINE exmy_maxsum exmy_maxsum_combine(exmy_maxsum a, exmy_maxsum b) {
    exmy_maxsum r;
    r.m = exmy_max(a.m, b.m);
    r.s = exmy_maxsum_rescale(a.s, a.m, r.m) + exmy_maxsum_rescale(b.s, b.m, r.m);
    return r;
}

// ---- warp reductions (kernels only): the xor butterfly of io.exmy.ops.LaneOrder -----------------
#if defined(__CUDACC__) || defined(EXMY_EMULATION)
#include "exmy_kernel.cuh"

// Lane l takes v[l] + v[l ^ offset] for offset 16, 8, 4, 2, 1: every lane ends with the same sum.
__device__ __forceinline__ float exmy_warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v = v + __shfl_xor_sync(EXMY_FULL_WARP, v, offset);
    return v;
}

__device__ __forceinline__ float exmy_warp_max(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v = exmy_max(v, __shfl_xor_sync(EXMY_FULL_WARP, v, offset));
    return v;
}

__device__ __forceinline__ exmy_maxsum exmy_warp_maxsum(exmy_maxsum a) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        exmy_maxsum o;
        o.m = __shfl_xor_sync(EXMY_FULL_WARP, a.m, offset);
        o.s = __shfl_xor_sync(EXMY_FULL_WARP, a.s, offset);
        a = exmy_maxsum_combine(a, o);
    }
    return a;
}
#endif
