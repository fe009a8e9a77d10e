// AdamW, one element per thread and step of a grid-stride loop. Scalar twin: exmy_adamw_update in
// exmy_train.cuh; Java: io.exmy.ops.AdamW with the floats of io.exmy.ops.AdamWStep; launches:
// io.exmy.backend.kernel.AdamWKernels.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

extern "C" __global__ void exmy_adamw(float* __restrict__ params, const float* __restrict__ grads,
                                      float* __restrict__ m, float* __restrict__ v, long long n,
                                      exmy_adamw_params a) {
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < n; i += stride)
        exmy_adamw_update(&params[i], &m[i], &v[i], grads[i], a);
}
EXMY_KERNEL(exmy_adamw)
