// Deliberately broken kernels, compiled only into the sanitizer builds of the emulation library
// (native-build/Makefile, target `sanitize`): they prove that each build catches its kind of bug.
// io.exmy.backend.emu.SanitizerSelfTest launches them and reads the sanitizer's report.
#include "../../exmy_platform.cuh"

// Shifts a block's values by one through shared memory. Correct: the barrier orders every
// write to tile[] before any read of a neighbour's slot. ThreadSanitizer must stay silent.
extern "C" __global__ void exmy_selftest_shift(const float* in, float* out, int n) {
    __shared__ float tile[256];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    tile[threadIdx.x] = i < n ? in[i] : 0.0f;
    __syncthreads();
    if (i < n) out[i] = tile[(threadIdx.x + 1) % blockDim.x];
}
EXMY_KERNEL(exmy_selftest_shift)

// The same without the barrier: a thread reads its neighbour's slot while the neighbour may
// still be writing it. A data race that ThreadSanitizer must report.
extern "C" __global__ void exmy_selftest_race(const float* in, float* out, int n) {
    __shared__ float tile[256];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    tile[threadIdx.x] = i < n ? in[i] : 0.0f;
    if (i < n) out[i] = tile[(threadIdx.x + 1) % blockDim.x];
}
EXMY_KERNEL(exmy_selftest_race)

// Reads one element past the end of `in` (a missing bound on the neighbour index):
// a heap-buffer-overflow that AddressSanitizer must report.
extern "C" __global__ void exmy_selftest_oob(const float* in, float* out, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = in[i] + in[i + 1];
}
EXMY_KERNEL(exmy_selftest_oob)
