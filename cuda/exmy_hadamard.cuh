// The (randomized) Hadamard transform of one vector: sign flips, the butterfly in a fixed stage
// order, the 1/sqrt(n) scale. One __host__ __device__ definition for the kernels (cuda/hadamard.cu),
// the host library (cuda/host/exmy_host_hadamard.cpp) and the emulated kernels.
//
// Specification: io.exmy.transform.Hadamard (the order of every operation is documented there).
// Sign flips are bit operations; each butterfly output is one float32 addition or subtraction,
// written one per expression, so nvcc (-fmad=false, -ftz=false), g++ (-ffp-contract=off) and Java
// round alike. NaN results are stored as 0x7FC00000, since platforms differ in the NaN they return.
#pragma once
#include "exmy_platform.cuh"

#define EXMY_HADAMARD_MAX 256
#define EXMY_HADAMARD_SIGN_WORDS (EXMY_HADAMARD_MAX / 32)

// Wire form of io.exmy.transform.HadamardSpec#words(): ten 32-bit words, passed by value.
struct exmy_hadamard_spec {
    int32_t size;     // n, a power of two from 2 to 256
    int32_t inverse;  // 0: y = c*H*diag(s)*x, 1: x = diag(s)*c*H*y
    uint32_t signs[EXMY_HADAMARD_SIGN_WORDS];  // bit i set: s_i = -1
};

// fl32(1/sqrt(n)) for n = 2^k, built from bits: 2^(-k/2) for even k, 2^(-(k-1)/2) * fl32(1/sqrt 2) for odd.
EXMY_HD float exmy_hadamard_scale(int32_t n) {
    int32_t k = 0;
    while ((1 << k) < n) ++k;
    return (k & 1) == 0 ? exmy_u2f((uint32_t)(127 - k / 2) << 23)
                        : exmy_u2f(0x3F3504F3u - ((uint32_t)((k - 1) / 2) << 23));
}

EXMY_HD void exmy_hadamard_flip(float* u, const exmy_hadamard_spec& s) {
    for (int32_t i = 0; i < s.size; ++i) {
        const uint32_t bit = (s.signs[i >> 5] >> (i & 31)) & 1u;
        u[i] = exmy_u2f(exmy_f2u(u[i]) ^ (bit << 31));
    }
}

// Transforms u[0..n) in place: flips (forward), butterfly stages h = 1, 2, ..., n/2, scale, flips (inverse).
EXMY_HD void exmy_hadamard_vector(float* u, const exmy_hadamard_spec& s) {
    const int32_t n = s.size;
    if (!s.inverse) exmy_hadamard_flip(u, s);
    for (int32_t h = 1; h < n; h <<= 1) {
        for (int32_t i = 0; i < n; ++i) {
            if ((i & h) == 0) {
                const float a = u[i];
                const float b = u[i + h];
                const float sum = a + b;
                const float diff = a - b;
                u[i] = sum;
                u[i + h] = diff;
            }
        }
    }
    const float c = exmy_hadamard_scale(n);
    for (int32_t i = 0; i < n; ++i) {
        const float v = u[i] * c;
        u[i] = v;
    }
    if (s.inverse) exmy_hadamard_flip(u, s);
    for (int32_t i = 0; i < n; ++i) {
        if ((exmy_f2u(u[i]) & 0x7FFFFFFFu) > 0x7F800000u) u[i] = exmy_u2f(0x7FC00000u);
    }
}
