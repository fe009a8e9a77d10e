// exmy's math functions applied element-wise, for the twin tests (io.exmy.ops.ExmyMath against the
// GPU and the emulated kernels) and benchmarks: fn 0 = exp, 1 = log, 2 = tanh, 3 = gelu.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

extern "C" __global__ void exmy_math_apply(float* __restrict__ out, const float* __restrict__ in, long long n, int fn) {
    const long long stride = exmy_thread_count();
    for (long long i = exmy_thread_index(); i < n; i += stride) {
        const float x = in[i];
        out[i] = fn == 0 ? exmy_exp(x) : fn == 1 ? exmy_log(x) : fn == 2 ? exmy_tanh(x) : exmy_gelu_value(x);
    }
}
EXMY_KERNEL(exmy_math_apply)
