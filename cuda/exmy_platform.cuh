// Portability layer shared by the three builds of the same sources:
//   nvcc (device code, PTX/fatbin), g++ host library (scalar code in plain loops), and
//   g++ with emu/exmy_emu.h (whole kernels under device emulation).
#pragma once
#include <stdint.h>

#if defined(__CUDACC__) || defined(EXMY_EMULATION)
#define EXMY_HD __host__ __device__ __forceinline__
#else
#define EXMY_HD static inline
#endif

// Registers a kernel with the emulation runtime so Java can launch it by name, exactly as it
// names it to cuModuleGetFunction; a no-op under nvcc.
#ifndef EXMY_EMULATION
#define EXMY_KERNEL(name)
#endif

// Full unrolling of fixed-trip loops in device code, where it keeps arrays in registers (a loop
// indexing an array by a runtime value puts the array in local memory, the stack); the host
// compilers unroll as they see fit (g++ would warn about the unknown pragma), which changes no result.
#if defined(__CUDA_ARCH__)
#define EXMY_UNROLL _Pragma("unroll")
#else
#define EXMY_UNROLL
#endif

// Dynamic shared memory: CUDA's extern array, or the emulated block's buffer.
#ifndef EXMY_EMULATION
#define EXMY_DYNAMIC_SHARED(type, name) extern __shared__ __align__(16) type name[]
#endif

EXMY_HD int exmy_clz32(uint32_t x) {
#if defined(__CUDA_ARCH__)
    return __clz((int)x);
#else
    return x == 0 ? 32 : __builtin_clz(x);
#endif
}

EXMY_HD uint32_t exmy_umulhi(uint32_t a, uint32_t b) {
#if defined(__CUDA_ARCH__)
    return __umulhi(a, b);
#else
    return (uint32_t)(((uint64_t)a * b) >> 32);
#endif
}

EXMY_HD uint32_t exmy_f2u(float f) {
#if defined(__CUDA_ARCH__)
    return __float_as_uint(f);
#else
    union { float f; uint32_t u; } v;
    v.f = f;
    return v.u;
#endif
}

EXMY_HD float exmy_u2f(uint32_t u) {
#if defined(__CUDA_ARCH__)
    return __uint_as_float(u);
#else
    union { float f; uint32_t u; } v;
    v.u = u;
    return v.f;
#endif
}
