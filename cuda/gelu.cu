// GELU (GPT-2's tanh approximation) forward and backward, element-wise. Scalar twin: exmy_train.cuh
// (exmy_gelu_value, exmy_gelu_grad); Java: io.exmy.ops.Gelu; launches: GeluKernels.
#include "exmy_kernel.cuh"
#include "exmy_train.cuh"

// out = gelu(inp); out may be inp.
extern "C" __global__ void exmy_gelu_forward(float* out, const float* inp, long long n) {
    exmy_map(out, n, [](float x) { return exmy_gelu_value(x); }, inp);
}
EXMY_KERNEL(exmy_gelu_forward)

// dinp = gelu'(inp) * dout; dinp may be dout.
extern "C" __global__ void exmy_gelu_backward(float* dinp, const float* inp, const float* dout, long long n) {
    exmy_map(dinp, n, [](float x, float g) { return exmy_gelu_grad(x, g); }, inp, dout);
}
EXMY_KERNEL(exmy_gelu_backward)
