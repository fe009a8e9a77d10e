// The (randomized) Hadamard transform of one vector: sign flips, the butterfly in a fixed stage
// order, the 1/sqrt(n) scale. One __host__ __device__ definition for the kernels (cuda/hadamard.cu),
// the host library (cuda/host/exmy_host_hadamard.cpp) and the emulated kernels.
//
// Specification: io.exmy.transform.Hadamard (the order of every operation is documented there).
// Sign flips are bit operations; each butterfly output is one float32 addition or subtraction,
// written one per expression, so nvcc (-fmad=false, -ftz=false), g++ (-ffp-contract=off) and Java
// round alike. NaN results are stored as 0x7FC00000, since platforms differ in the NaN they return.
//
// The size is a template parameter (exmy_hadamard_fixed<N>), so that with the loops fully unrolled
// every index is a constant and nvcc keeps u[N] in registers: a runtime-sized u[] would live in
// local memory (the stack). exmy_hadamard_vector dispatches a runtime size to the same body.
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

// x with its sign bit flipped where s_i = -1 (exact: a bit operation).
EXMY_HD float exmy_hadamard_flip1(float x, const exmy_hadamard_spec& s, int32_t i) {
    const uint32_t bit = (s.signs[i >> 5] >> (i & 31)) & 1u;
    return exmy_u2f(exmy_f2u(x) ^ (bit << 31));
}

// Any NaN as the quiet NaN 0x7FC00000; other values unchanged.
EXMY_HD float exmy_hadamard_canonical(float x) {
    return (exmy_f2u(x) & 0x7FFFFFFFu) > 0x7F800000u ? exmy_u2f(0x7FC00000u) : x;
}

// The butterfly stages h = 1, 2, ..., N/2 over u[0..N): for every i with bit h clear,
// u_i <- u_i + u_{i+h} and u_{i+h} <- u_i - u_{i+h}. Also the in-register stages of the warp-held
// transform in cuda/hadamard.cu, over a lane's N/32 registers.
template <int N>
EXMY_HD void exmy_hadamard_butterfly(float* u) {
    EXMY_UNROLL
    for (int32_t h = 1; h < N; h <<= 1) {
        EXMY_UNROLL
        for (int32_t i = 0; i < N; ++i) {
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
}

// Transforms u[0..N) in place: flips (forward), butterfly stages h = 1, 2, ..., N/2, scale, flips
// (inverse), NaN canonicalisation. N must equal s.size.
template <int N>
EXMY_HD void exmy_hadamard_fixed(float* u, const exmy_hadamard_spec& s) {
    if (!s.inverse) {
        EXMY_UNROLL
        for (int32_t i = 0; i < N; ++i) u[i] = exmy_hadamard_flip1(u[i], s, i);
    }
    exmy_hadamard_butterfly<N>(u);
    const float c = exmy_hadamard_scale(N);
    EXMY_UNROLL
    for (int32_t i = 0; i < N; ++i) {
        const float v = u[i] * c;
        u[i] = v;
    }
    if (s.inverse) {
        EXMY_UNROLL
        for (int32_t i = 0; i < N; ++i) u[i] = exmy_hadamard_flip1(u[i], s, i);
    }
    EXMY_UNROLL
    for (int32_t i = 0; i < N; ++i) u[i] = exmy_hadamard_canonical(u[i]);
}

// Transforms u[0..s.size) in place (a runtime size; the host library's entry).
EXMY_HD void exmy_hadamard_vector(float* u, const exmy_hadamard_spec& s) {
    switch (s.size) {
        case 2: exmy_hadamard_fixed<2>(u, s); break;
        case 4: exmy_hadamard_fixed<4>(u, s); break;
        case 8: exmy_hadamard_fixed<8>(u, s); break;
        case 16: exmy_hadamard_fixed<16>(u, s); break;
        case 32: exmy_hadamard_fixed<32>(u, s); break;
        case 64: exmy_hadamard_fixed<64>(u, s); break;
        case 128: exmy_hadamard_fixed<128>(u, s); break;
        case 256: exmy_hadamard_fixed<256>(u, s); break;
        default: break;  // HadamardSpec admits only these sizes
    }
}
