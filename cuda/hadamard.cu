// Hadamard-transform kernels (reference: io.exmy.transform.Hadamard; launch geometry:
// io.exmy.backend.kernel.HadamardKernels).
//   exmy_hadamard_rows  vectors of n consecutive elements of a row: a thread per vector.
//   exmy_hadamard_cols  vectors of n consecutive elements down a column: a thread per vector,
//                       consecutive threads on consecutive columns (coalesced rows).
// Each thread loads its whole vector before it writes, so in == out is allowed. Grid-stride loops.
#include "exmy_hadamard.cuh"

extern "C" __global__ void exmy_hadamard_rows(const float* in, float* out, long long rows, long long cols,
                                              exmy_hadamard_spec spec) {
    const long long n = spec.size;
    const long long per_row = cols / n;
    const long long vectors = rows * per_row;
    const long long stride = (long long)gridDim.x * blockDim.x;
    float u[EXMY_HADAMARD_MAX];
    for (long long v = (long long)blockIdx.x * blockDim.x + threadIdx.x; v < vectors; v += stride) {
        const long long base = (v / per_row) * cols + (v % per_row) * n;
        for (long long k = 0; k < n; ++k) u[k] = in[base + k];
        exmy_hadamard_vector(u, spec);
        for (long long k = 0; k < n; ++k) out[base + k] = u[k];
    }
}
EXMY_KERNEL(exmy_hadamard_rows)

extern "C" __global__ void exmy_hadamard_cols(const float* in, float* out, long long rows, long long cols,
                                              exmy_hadamard_spec spec) {
    const long long n = spec.size;
    const long long vectors = (rows / n) * cols;
    const long long stride = (long long)gridDim.x * blockDim.x;
    float u[EXMY_HADAMARD_MAX];
    for (long long v = (long long)blockIdx.x * blockDim.x + threadIdx.x; v < vectors; v += stride) {
        const long long base = (v / cols) * n * cols + v % cols;
        for (long long k = 0; k < n; ++k) u[k] = in[base + k * cols];
        exmy_hadamard_vector(u, spec);
        for (long long k = 0; k < n; ++k) out[base + k * cols] = u[k];
    }
}
EXMY_KERNEL(exmy_hadamard_cols)
