// Philox4x32-10 counter-based generator (Salmon et al. 2011). Java twin: io.exmy.format.Philox.
// Element i under seed s draws word (i mod 4) of Philox(key = s, counter = (i/4, 0)), so four
// neighbouring elements share one call.
#pragma once
#include "exmy_platform.cuh"

struct exmy_u32x4 {
    uint32_t w[4];
};

EXMY_HD exmy_u32x4 exmy_philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                      uint32_t k0, uint32_t k1) {
    for (int round = 0; round < 10; ++round) {
        const uint32_t hi0 = exmy_umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        const uint32_t hi1 = exmy_umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    exmy_u32x4 r = {{c0, c1, c2, c3}};
    return r;
}

// The four random words of elements 4g .. 4g+3.
EXMY_HD exmy_u32x4 exmy_random_group(uint32_t seed_lo, uint32_t seed_hi, uint64_t group) {
    return exmy_philox4x32_10((uint32_t)group, (uint32_t)(group >> 32), 0u, 0u, seed_lo, seed_hi);
}

EXMY_HD uint32_t exmy_random_bits(uint32_t seed_lo, uint32_t seed_hi, uint64_t index) {
    return exmy_random_group(seed_lo, seed_hi, index >> 2).w[index & 3];
}
