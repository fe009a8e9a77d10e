// What every kernel shares: the grid-stride loop's indices, 16-byte loads and stores, and the
// element-wise loop that moves 16 bytes at a time where every pointer allows it and finishes the
// tail element by element. Kernels only (nvcc, or g++ under emu/exmy_emu.h); the host library has
// its own loops (host/exmy_host_parallel.h). Which thread or vector width computes an element never
// changes its bits: every element is the same scalar operations however it was loaded.
#pragma once
#include "exmy_platform.cuh"

#define EXMY_FULL_WARP 0xffffffffu

// ---- grid-stride loops: thread (or warp) i of the grid takes items i, i + count, i + 2 count, ... ----
__device__ __forceinline__ long long exmy_thread_index() { return (long long)blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ long long exmy_thread_count() { return (long long)gridDim.x * blockDim.x; }
__device__ __forceinline__ long long exmy_warp_index() { return exmy_thread_index() >> 5; }
__device__ __forceinline__ long long exmy_warp_count() { return exmy_thread_count() >> 5; }
__device__ __forceinline__ int exmy_lane() { return (int)(threadIdx.x & 31); }

// ---- 16-byte access ----------------------------------------------------------------------------
// Whether every pointer is 16-byte aligned (views at odd element offsets are not).
template <class... P>
__device__ __forceinline__ bool exmy_aligned16(const P*... p) {
    return ((reinterpret_cast<uintptr_t>(p) | ... | uintptr_t{0}) & 15u) == 0;
}

// The 16 bytes at p (16-byte aligned) as one load or store.
__device__ __forceinline__ float4 exmy_load16(const float* p) { return *reinterpret_cast<const float4*>(p); }
__device__ __forceinline__ void exmy_store16(float* p, float4 v) { *reinterpret_cast<float4*>(p) = v; }

// V consecutive floats at p into v[0..V), and back: one 16-byte access for V = 4 (p aligned), one
// float for V = 1 (the same code serves aligned and unaligned rows).
template <int V>
__device__ __forceinline__ void exmy_load(const float* p, float* v) {
    if (V == 4) {
        const float4 f = exmy_load16(p);
        v[0] = f.x; v[1] = f.y; v[2] = f.z; v[3] = f.w;
    } else {
        v[0] = *p;
    }
}

template <int V>
__device__ __forceinline__ void exmy_store(float* p, const float* v) {
    if (V == 4) {
        exmy_store16(p, make_float4(v[0], v[1], v[2], v[3]));
    } else {
        *p = v[0];
    }
}

// ---- element-wise loops ------------------------------------------------------------------------
// A grid-stride loop over n elements: group(v) takes elements 4v .. 4v+3 (16 bytes) for every whole
// group when `aligned`; one(i) then takes each element left, the last n mod 4, or all of them when
// not aligned.
template <class Group, class One>
__device__ __forceinline__ void exmy_grid_vec4(long long n, bool aligned, Group group, One one) {
    const long long stride = exmy_thread_count();
    const long long groups = aligned ? n >> 2 : 0;
    for (long long v = exmy_thread_index(); v < groups; v += stride) group(v);
    for (long long i = 4 * groups + exmy_thread_index(); i < n; i += stride) one(i);
}

// f on each of the four lanes of the float4s x...: (f(x.x...), f(x.y...), f(x.z...), f(x.w...)).
template <class F, class... X>
__device__ __forceinline__ float4 exmy_map4(F f, X... x) {
    return make_float4(f(x.x...), f(x.y...), f(x.z...), f(x.w...));
}

// out[i] = f(in[i]...) for i < n, 16 bytes at a time where out and every input are aligned. out may
// be one of the inputs: each element is read and written by the same thread.
template <class F, class... In>
__device__ __forceinline__ void exmy_map(float* out, long long n, F f, const In*... in) {
    exmy_grid_vec4(
        n, exmy_aligned16(out, in...),
        [&](long long v) { exmy_store16(out + 4 * v, exmy_map4(f, exmy_load16(in + 4 * v)...)); },
        [&](long long i) { out[i] = f(in[i]...); });
}
