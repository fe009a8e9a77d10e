// Host-native Hadamard transform: the scalar header exmy_hadamard.cuh in plain multithreaded loops
// over vectors, called from Java through JNA (io.exmy.backend.host.HostLibrary). Each vector is
// transformed by one thread exactly as alone, so the split never changes a result.
#include <cstdint>

#include "../exmy_hadamard.cuh"
#include "exmy_host_parallel.h"

extern "C" {

// axis 0: vectors along rows (n consecutive elements of a row); 1: down columns.
void exmy_host_hadamard(const float* in, float* out, int64_t rows, int64_t cols, int32_t axis,
                        const exmy_hadamard_spec* spec, int threads) {
    const exmy_hadamard_spec s = *spec;
    const int64_t n = s.size;
    if (axis == 0) {
        const int64_t per_row = cols / n;
        exmy_host::parallel_for(rows * per_row, threads, [&](int64_t b, int64_t e) {
            float u[EXMY_HADAMARD_MAX];
            for (int64_t v = b; v < e; ++v) {
                const int64_t base = (v / per_row) * cols + (v % per_row) * n;
                for (int64_t k = 0; k < n; ++k) u[k] = in[base + k];
                exmy_hadamard_vector(u, s);
                for (int64_t k = 0; k < n; ++k) out[base + k] = u[k];
            }
        }, (int64_t{1} << 14) / n + 1);
    } else {
        // One task per group of n rows keeps each thread's reads and writes on whole rows.
        exmy_host::parallel_for(rows / n, threads, [&](int64_t b, int64_t e) {
            float u[EXMY_HADAMARD_MAX];
            for (int64_t g = b; g < e; ++g) {
                for (int64_t j = 0; j < cols; ++j) {
                    const int64_t base = g * n * cols + j;
                    for (int64_t k = 0; k < n; ++k) u[k] = in[base + k * cols];
                    exmy_hadamard_vector(u, s);
                    for (int64_t k = 0; k < n; ++k) out[base + k * cols] = u[k];
                }
            }
        }, cols > 0 ? (int64_t{1} << 14) / (n * cols) + 1 : 1);
    }
}

}  // extern "C"
