// Device emulation: with this header force-included (g++ -include), the unchanged .cu kernel
// sources compile for the host, and exmy_emu_runtime.cpp runs them. Blocks run one after another
// (so `static` storage is correct for __shared__); the threads of a block run concurrently as real
// OS threads, synchronised by real barriers, so ThreadSanitizer sees a missing __syncthreads as the
// data race it is and AddressSanitizer sees every out-of-bounds index.
//
// What it does not model (tensor cores, inline PTX, timing, memory limits, the driver API) is
// listed in docs/EMULATION.md; kernels that need those are GPU-only.
#pragma once
#define EXMY_EMULATION 1

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

// ---- qualifiers -------------------------------------------------------------------------------
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline __attribute__((always_inline))
#define __shared__ static
#define __align__(n) alignas(n)
#define __launch_bounds__(...)
#define __grid_constant__

// ---- built-in vector and index types ----------------------------------------------------------
struct uint3 {
    unsigned x, y, z;
};
struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
struct alignas(8) float2 { float x, y; };
struct alignas(16) float4 { float x, y, z, w; };
struct alignas(8) int2 { int x, y; };
struct alignas(16) int4 { int x, y, z, w; };
struct alignas(8) uint2 { unsigned x, y; };
struct alignas(16) uint4 { unsigned x, y, z, w; };
struct alignas(4) uchar4 { unsigned char x, y, z, w; };
inline float2 make_float2(float x, float y) { return {x, y}; }
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
inline uint4 make_uint4(unsigned x, unsigned y, unsigned z, unsigned w) { return {x, y, z, w}; }
inline uchar4 make_uchar4(unsigned char x, unsigned char y, unsigned char z, unsigned char w) { return {x, y, z, w}; }

// ---- the emulated thread's coordinates --------------------------------------------------------
namespace exmy_emu {
struct Launch;
struct ThreadState {
    uint3 thread_idx;
    uint3 block_idx;
    dim3 block_dim;
    dim3 grid_dim;
    unsigned linear;  // thread index within the block
    Launch* launch;
};
extern thread_local ThreadState t;

void syncthreads();
int syncthreads_count(int predicate);
void syncwarp(unsigned mask);
uint64_t warp_exchange(unsigned mask, uint64_t value, int src_lane);
unsigned warp_ballot(unsigned mask, int predicate);
void* dynamic_shared();
void report(const char* what);

using Entry = void (*)(void**);
void register_kernel(const char* name, Entry entry);

// Unpacks cuLaunchKernel-style arguments (an array of pointers to the values) into a call.
template <typename F>
struct Invoker;
template <typename... A>
struct Invoker<void (*)(A...)> {
    template <void (*K)(A...)>
    static void call(void** args) {
        call_with<K>(args, std::index_sequence_for<A...>{});
    }
    template <void (*K)(A...), std::size_t... I>
    static void call_with(void** args, std::index_sequence<I...>) {
        K(*static_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(args[I])...);
    }
};
struct Registrar {
    Registrar(const char* name, Entry entry) { register_kernel(name, entry); }
};

template <typename T>
inline T shuffle(unsigned mask, T v, int src) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable<T>::value, "shuffle of a type wider than 8 bytes");
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(T));
    bits = warp_exchange(mask, bits, src);
    T r;
    std::memcpy(&r, &bits, sizeof(T));
    return r;
}
inline unsigned lane() { return t.linear & 31u; }
}  // namespace exmy_emu

#define threadIdx (::exmy_emu::t.thread_idx)
#define blockIdx (::exmy_emu::t.block_idx)
#define blockDim (::exmy_emu::t.block_dim)
#define gridDim (::exmy_emu::t.grid_dim)
#define warpSize 32

#define EXMY_KERNEL(name) \
    static ::exmy_emu::Registrar exmy_emu_registrar_##name(#name, &::exmy_emu::Invoker<decltype(&name)>::template call<&name>);
#define EXMY_DYNAMIC_SHARED(type, name) type* name = reinterpret_cast<type*>(::exmy_emu::dynamic_shared())

// ---- synchronisation and warp primitives ------------------------------------------------------
inline void __syncthreads() { exmy_emu::syncthreads(); }
inline int __syncthreads_count(int p) { return exmy_emu::syncthreads_count(p); }
inline int __syncthreads_or(int p) { return exmy_emu::syncthreads_count(p) != 0; }
inline int __syncthreads_and(int p) { return exmy_emu::syncthreads_count(!p) == 0; }
inline void __syncwarp(unsigned mask = 0xFFFFFFFFu) { exmy_emu::syncwarp(mask); }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }

template <typename T>
inline T __shfl_sync(unsigned mask, T v, int src, int width = 32) {
    const int lane = (int)exmy_emu::lane();
    return exmy_emu::shuffle(mask, v, (lane & ~(width - 1)) + (src & (width - 1)));
}
template <typename T>
inline T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = 32) {
    const int lane = (int)exmy_emu::lane();
    const int src = lane ^ lane_mask;
    return exmy_emu::shuffle(mask, v, (src & ~(width - 1)) == (lane & ~(width - 1)) ? src : lane);
}
template <typename T>
inline T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = 32) {
    const int lane = (int)exmy_emu::lane();
    return exmy_emu::shuffle(mask, v, (lane & (width - 1)) + (int)delta < width ? lane + (int)delta : lane);
}
template <typename T>
inline T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = 32) {
    const int lane = (int)exmy_emu::lane();
    return exmy_emu::shuffle(mask, v, (lane & (width - 1)) >= (int)delta ? lane - (int)delta : lane);
}
inline unsigned __ballot_sync(unsigned mask, int p) { return exmy_emu::warp_ballot(mask, p); }
inline int __any_sync(unsigned mask, int p) { return exmy_emu::warp_ballot(mask, p) != 0; }
inline int __all_sync(unsigned mask, int p) { return exmy_emu::warp_ballot(mask, !p) == 0; }
inline unsigned __activemask() { return exmy_emu::warp_ballot(0xFFFFFFFFu, 1); }

// ---- atomics (std::atomic_ref on the plain memory) --------------------------------------------
template <typename T>
inline T atomicAdd(T* p, T v) { return std::atomic_ref<T>(*p).fetch_add(v); }
template <typename T>
inline T atomicSub(T* p, T v) { return std::atomic_ref<T>(*p).fetch_sub(v); }
template <typename T>
inline T atomicExch(T* p, T v) { return std::atomic_ref<T>(*p).exchange(v); }
template <typename T>
inline T atomicCAS(T* p, T expected, T desired) {
    std::atomic_ref<T>(*p).compare_exchange_strong(expected, desired);
    return expected;  // the old value, whether or not the swap happened
}
template <typename T>
inline T atomicMax(T* p, T v) {
    std::atomic_ref<T> r(*p);
    T old = r.load();
    while (old < v && !r.compare_exchange_weak(old, v)) {}
    return old;
}
template <typename T>
inline T atomicMin(T* p, T v) {
    std::atomic_ref<T> r(*p);
    T old = r.load();
    while (v < old && !r.compare_exchange_weak(old, v)) {}
    return old;
}
template <typename T>
inline T atomicOr(T* p, T v) { return std::atomic_ref<T>(*p).fetch_or(v); }
template <typename T>
inline T atomicAnd(T* p, T v) { return std::atomic_ref<T>(*p).fetch_and(v); }

// ---- loads and IEEE intrinsics (exactly rounded, as on the device) ---------------------------
template <typename T>
inline T __ldg(const T* p) { return *p; }
inline float __fmaf_rn(float a, float b, float c) { return std::fma(a, b, c); }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __frcp_rn(float a) { return 1.0f / a; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline double __fma_rn(double a, double b, double c) { return std::fma(a, b, c); }
inline unsigned __float_as_uint(float f) { unsigned u; std::memcpy(&u, &f, 4); return u; }
inline float __uint_as_float(unsigned u) { float f; std::memcpy(&f, &u, 4); return f; }
inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, 4); return i; }
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned)x); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long)x); }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline unsigned min(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned max(unsigned a, unsigned b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
inline float min(float a, float b) { return std::fmin(a, b); }
inline float max(float a, float b) { return std::fmax(a, b); }

// Transcendental functions round differently in CUDA's libdevice and glibc, so a kernel that
// calls them could pass here and differ on the GPU. They are banned from kernels; exact twins
// belong in a shared header with a Java reference.
#pragma GCC poison expf logf exp2f log2f powf tanhf sinf cosf erff __expf __logf __powf rsqrtf __fdividef
