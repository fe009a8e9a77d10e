// GELU (GPT-2's tanh approximation) forward and backward, element-wise. Scalar twin: exmy_train.cuh
// (exmy_gelu_value, exmy_gelu_grad); Java: io.exmy.ops.Gelu; launches: GeluKernels.
#include "exmy_train.cuh"

// out = gelu(inp); out may be inp.
extern "C" __global__ void exmy_gelu_forward(float* out, const float* inp, long long n) {
    const long long stride = (long long)gridDim.x * blockDim.x;
    const bool aligned = ((reinterpret_cast<uintptr_t>(out) | reinterpret_cast<uintptr_t>(inp)) & 15u) == 0;
    const long long nvec = aligned ? n >> 2 : 0;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < nvec; i += stride) {
        const float4 x = reinterpret_cast<const float4*>(inp)[i];
        reinterpret_cast<float4*>(out)[i] =
            make_float4(exmy_gelu_value(x.x), exmy_gelu_value(x.y), exmy_gelu_value(x.z), exmy_gelu_value(x.w));
    }
    for (long long i = 4 * nvec + (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        out[i] = exmy_gelu_value(inp[i]);
}
EXMY_KERNEL(exmy_gelu_forward)

// dinp = gelu'(inp) * dout; dinp may be dout.
extern "C" __global__ void exmy_gelu_backward(float* dinp, const float* inp, const float* dout, long long n) {
    const long long stride = (long long)gridDim.x * blockDim.x;
    const bool aligned =
        ((reinterpret_cast<uintptr_t>(dinp) | reinterpret_cast<uintptr_t>(inp) | reinterpret_cast<uintptr_t>(dout)) &
         15u) == 0;
    const long long nvec = aligned ? n >> 2 : 0;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < nvec; i += stride) {
        const float4 x = reinterpret_cast<const float4*>(inp)[i];
        const float4 g = reinterpret_cast<const float4*>(dout)[i];
        reinterpret_cast<float4*>(dinp)[i] = make_float4(exmy_gelu_grad(x.x, g.x), exmy_gelu_grad(x.y, g.y),
                                                         exmy_gelu_grad(x.z, g.z), exmy_gelu_grad(x.w, g.w));
    }
    for (long long i = 4 * nvec + (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        dinp[i] = exmy_gelu_grad(inp[i], dout[i]);
}
EXMY_KERNEL(exmy_gelu_backward)
