// Scalar pieces of the GEMM shared by the kernels (matmul.cu) and the host library
// (host/exmy_host_matmul.cpp). Java twins: io.exmy.matmul.ExactGemm#canonical, io.exmy.matmul.Bf16.
#pragma once
#include "exmy_platform.cuh"

// Flags of every GEMM entry point (kernels and host library); io.exmy.backend.kernel.MatmulKernels
// and io.exmy.backend.host.HostCalls pack them the same way.
#define EXMY_GEMM_TRANS_A 1
#define EXMY_GEMM_TRANS_B 2
#define EXMY_GEMM_ACCUMULATE 4

#define EXMY_CANONICAL_NAN 0x7FC00000u

// Which NaN an FMA returns is not specified by IEEE 754 and differs between the GPU (0x7FFFFFFF),
// x86 (the first NaN operand, or 0xFFC00000 for inf - inf) and the JVM's interpreter, so every
// GEMM output that is NaN is stored as the one quiet NaN 0x7FC00000. Whether a result is NaN does
// not depend on the hardware, only its payload does.
EXMY_HD uint32_t exmy_gemm_canonical_bits(uint32_t bits) {
    return (bits & 0x7FFFFFFFu) > 0x7F800000u ? EXMY_CANONICAL_NAN : bits;
}

EXMY_HD float exmy_gemm_canonical(float x) { return exmy_u2f(exmy_gemm_canonical_bits(exmy_f2u(x))); }

// BF16 is the top half of a float32: a value is exactly representable iff its low 16 bits are
// zero. NaN becomes the quiet BF16 NaN with its sign (the GEMM canonicalises NaN results anyway).
// Returns the BF16 bits; *exact is cleared for a finite or infinite value that would be rounded.
EXMY_HD uint32_t exmy_f32_to_bf16_bits(uint32_t bits, int* exact) {
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return ((bits >> 16) & 0x8000u) | 0x7FC0u;
    if ((bits & 0xFFFFu) != 0u) *exact = 0;
    return bits >> 16;
}
