// exmy's own single-precision exp, log and tanh, and a symmetric max: the same IEEE float operations
// on the GPU, in the host library and under emulation, so that every backend gets the same bits.
// CUDA's expf/logf/tanhf and glibc's round differently (and the emulation header poisons them).
// Java twin: io.exmy.ops.ExmyMath — constants are the same hex float literals; every fused
// multiply-add is written (exmy_fma), nothing is left to contraction (-fmad=false, -ffp-contract=off).
//
// Accuracy (measured over all 2^32 inputs against correctly rounded results): exp 0.94 ulp,
// log 0.86 ulp, tanh 1.59 ulp. NaN in gives NaN out; NaN bit patterns are not specified.
#pragma once
#include "exmy_platform.cuh"
#if !defined(__CUDA_ARCH__)
#include <math.h>
#endif

// Always inlined in the host library: its loops are compiled for AVX2+FMA as well as portably, and
// only inlined code takes the caller's instruction set (one fma instruction, vectorised loops).
#if defined(__CUDACC__) || defined(EXMY_EMULATION)
#define EXMY_INLINE EXMY_HD
#else
#define EXMY_INLINE static inline __attribute__((always_inline))
#endif

EXMY_INLINE float exmy_fma(float a, float b, float c) {
#if defined(__CUDA_ARCH__)
    return __fmaf_rn(a, b, c);
#else
    return fmaf(a, b, c);
#endif
}

// Correctly rounded square root (IEEE; nvcc -prec-sqrt=true).
EXMY_INLINE float exmy_sqrt(float x) {
#if defined(__CUDA_ARCH__)
    return __fsqrt_rn(x);
#else
    return sqrtf(x);
#endif
}

EXMY_INLINE float exmy_nan() { return exmy_u2f(0x7fc00000u); }

// The larger of a and b, symmetric and exact: NaN if either is NaN, +0 for (+0, -0) in either order,
// so a maximum over any order and grouping (a warp butterfly, a block) gives the same bits.
// (Selects rather than branches, so that host loops over it vectorise.)
EXMY_INLINE float exmy_max(float a, float b) {
    float r = a > b ? a : b;
    r = a == b ? exmy_u2f(exmy_f2u(a) & exmy_f2u(b)) : r;
    return a != a || b != b ? exmy_nan() : r;
}

// c ? a : b by bit masks: a select that host compilers cannot turn back into a branch (loops over
// code with branches do not vectorise).
EXMY_INLINE float exmy_select(bool c, float a, float b) {
    const uint32_t m = 0u - (uint32_t)c;
    return exmy_u2f((exmy_f2u(a) & m) | (exmy_f2u(b) & ~m));
}

// 2^k for k in [-126, 127], by building the exponent field.
EXMY_INLINE float exmy_pow2(int k) { return exmy_u2f((uint32_t)(k + 127) << 23); }

// e^x: x clamped to [-104, 89] (beyond, the result is 0 or inf anyway, and it stays so: exp(89)
// overflows, exp(-104) rounds to 0); round(x/ln2) by the 1.5*2^23 shifter, whose low bits are the
// integer n; Cody-Waite reduction with a 16-bit ln2_hi (n*ln2_hi is exact); degree-7 Taylor
// polynomial on |r| <= ln2/2; 2^n applied as two normal factors so that the result rounds once (into
// the subnormals or to infinity where it lies there). NaN propagates through the arithmetic. No
// branch and no float-to-int conversion, so host loops over it vectorise.
EXMY_INLINE float exmy_exp(float x) {
    float xc = x < -104.0f ? -104.0f : x;
    xc = xc > 89.0f ? 89.0f : xc;
    const float t = exmy_fma(0x1.715476p+0f, xc, 0x1.8p23f);
    const float j = t - 0x1.8p23f;
    const int n = (int)(exmy_f2u(t) - 0x4b400000u);
    float r = exmy_fma(j, -0x1.62e4p-1f, xc);
    r = exmy_fma(j, -0x1.7f7d1cp-20f, r);
    float p = 0x1.a01a02p-13f;
    p = exmy_fma(p, r, 0x1.6c16c2p-10f);
    p = exmy_fma(p, r, 0x1.111112p-7f);
    p = exmy_fma(p, r, 0x1.555556p-5f);
    p = exmy_fma(p, r, 0x1.555556p-3f);
    p = exmy_fma(p, r, 0x1.0p-1f);
    p = exmy_fma(p, r, 1.0f);
    p = exmy_fma(p, r, 1.0f);
    const int n1 = n >> 1;
    return p * exmy_pow2(n1) * exmy_pow2(n - n1);
}

// Natural logarithm: x = 2^k * m with m in [sqrt(2)/2, sqrt(2)), f = m - 1 (exact), s = f/(2+f),
// log(1+f) = f - (hfsq - s*(hfsq + R)) with R the 2*atanh series in z = s^2 (fdlibm's form).
EXMY_INLINE float exmy_log(float x) {
    if (x != x || x < 0.0f) return exmy_nan();
    if (x == 0.0f) return exmy_u2f(0xff800000u);
    if (x == exmy_u2f(0x7f800000u)) return x;
    uint32_t bits = exmy_f2u(x);
    int k = 0;
    if (bits < 0x00800000u) {  // subnormal: scale into the normals (exact)
        bits = exmy_f2u(x * 0x1.0p25f);
        k = -25;
    }
    k += (int)(bits >> 23) - 127;
    uint32_t mbits = (bits & 0x007fffffu) | 0x3f800000u;
    if (mbits > 0x3fb504f3u) {  // m > sqrt(2): use m/2
        mbits -= 0x00800000u;
        k += 1;
    }
    const float f = exmy_u2f(mbits) - 1.0f;
    const float s = f / (2.0f + f);
    const float z = s * s;
    const float r = z * exmy_fma(exmy_fma(exmy_fma(0x1.c71c72p-3f, z, 0x1.24924ap-2f), z, 0x1.99999ap-2f), z,
                                 0x1.555556p-1f);
    const float hfsq = 0.5f * f * f;
    const float kf = (float)k;
    return kf * 0x1.62e4p-1f - ((hfsq - (s * (hfsq + r) + kf * 0x1.7f7d1cp-20f)) - f);
}

// Hyperbolic tangent: |x| < 0.55: x + x^3*P(x^2), P fitted for the relative error; above:
// 1 - 2/(e^{2|x|} + 1). Odd by copying the sign bit. Both forms are computed and one is taken by a
// bit mask (no branch: host loops over it vectorise; the unused form is harmless for every input).
EXMY_INLINE float exmy_tanh(float x) {
    const float a = exmy_u2f(exmy_f2u(x) & 0x7fffffffu);
    const float z = a * a;
    const float p = exmy_fma(exmy_fma(exmy_fma(exmy_fma(exmy_fma(0x1.398c9p-9f, z, -0x1.13996p-7f), z, 0x1.64def4p-6f), z,
                                               -0x1.ba0934p-5f), z, 0x1.1110dap-3f), z, -0x1.555554p-2f);
    const float small = exmy_fma(a * z, p, a);
    const float large = 1.0f - 2.0f / (exmy_exp(2.0f * a) + 1.0f);
    const float r = exmy_select(a < 0.55f, small, large);
    return exmy_u2f((exmy_f2u(r) & 0x7fffffffu) | (exmy_f2u(x) & 0x80000000u));
}
