package io.exmy.backend.host;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** JNA view of {@code cuda/host/exmy_host.cpp}. Spec arrays are {@code CastSpec#words()}. */
public interface HostLibrary extends Library {
    int ABI_VERSION = 1;

    int exmy_host_abi_version();

    void exmy_host_cast_f32(Pointer in, Pointer out, long n, long indexBase, int[] spec, int threads);

    void exmy_host_encode(Pointer in, Pointer codes, long rows, long cols, long indexBase, int[] spec,
                          int codesPerByte, int threads);

    void exmy_host_copy(Pointer dst, Pointer src, long bytes, int threads);

    void exmy_host_decode(Pointer codes, Pointer out, long rows, long cols, int[] spec, int codesPerByte, int threads);

    /** {@code cuda/host/exmy_host_matmul.cpp}: the exact GEMM; flags as {@code EXMY_GEMM_*}. */
    void exmy_host_gemm(Pointer a, Pointer b, Pointer c, int m, int n, int k, int lda, int ldb, int ldc, long strideA,
                        long strideB, long strideC, int batch, int flags, int threads);

    /** 1 if the GEMM runs its AVX2+FMA micro-kernel on this CPU, 0 for the portable one. */
    int exmy_host_gemm_simd();

    /** {@code cuda/host/exmy_host_block.cpp}: block scaling; spec arrays are {@code BlockScheme#words()}. */
    void exmy_host_block_fake(Pointer in, Pointer out, long rows, long cols, long indexBase, int[] spec, int threads);

    void exmy_host_block_quantize(Pointer in, Pointer codes, Pointer scaleCodes, Pointer scaleValues, Pointer tensorScale,
                                  long rows, long cols, long indexBase, int[] spec, int threads);

    void exmy_host_block_dequantize(Pointer codes, Pointer scaleCodes, Pointer scaleValues, Pointer tensorScale,
                                    Pointer out, long rows, long cols, int[] spec, int threads);

    /** {@code cuda/host/exmy_host_hadamard.cpp}: axis 0 along rows, 1 down columns; spec is {@code HadamardSpec#words()}. */
    void exmy_host_hadamard(Pointer in, Pointer out, long rows, long cols, int axis, int[] spec, int threads);

    /** {@code cuda/host/exmy_host_train.cpp}: the training ops ({@link HostTrain}); null pointers where optional. */
    void exmy_host_train_fill(Pointer x, long n, float value, int threads);

    void exmy_host_train_scale(Pointer x, long n, float factor, int threads);

    void exmy_host_train_add(Pointer out, Pointer a, Pointer b, long n, int threads);

    void exmy_host_train_bias_add(Pointer out, Pointer bias, long rows, long cols, int threads);

    void exmy_host_train_bias_backward(Pointer dbias, Pointer dout, long rows, long cols, int threads);

    void exmy_host_train_gelu_forward(Pointer out, Pointer inp, long n, int threads);

    void exmy_host_train_gelu_backward(Pointer dinp, Pointer inp, Pointer dout, long n, int threads);

    void exmy_host_train_encoder_forward(Pointer out, Pointer tokens, Pointer wte, Pointer wpe, int B, int T, int C,
                                         int V, int threads);

    void exmy_host_train_encoder_backward(Pointer dwte, Pointer dwpe, Pointer dout, Pointer tokens, int B, int T, int C,
                                          int V, int threads);

    void exmy_host_train_layernorm_forward(Pointer out, Pointer mean, Pointer rstd, Pointer inp, Pointer weight,
                                           Pointer bias, long rows, int C, float eps, int threads);

    void exmy_host_train_layernorm_backward(Pointer dinp, Pointer dweight, Pointer dbias, Pointer dout, Pointer inp,
                                            Pointer weight, Pointer mean, Pointer rstd, long rows, int C, int threads);

    void exmy_host_train_attention_split(Pointer q, Pointer k, Pointer v, Pointer qkv, int B, int T, int NH, int HS,
                                         int backward, int threads);

    void exmy_host_train_attention_merge(Pointer out, Pointer y, int B, int T, int NH, int HS, int backward, int threads);

    void exmy_host_train_softmax_forward(Pointer att, Pointer preatt, long rows, int T, float scale, int threads);

    void exmy_host_train_softmax_backward(Pointer dpreatt, Pointer datt, Pointer att, long rows, int T, float scale,
                                          int threads);

    void exmy_host_train_rope(Pointer out, Pointer inp, Pointer table, long rows, int T, int HS, int backward,
                              int threads);

    void exmy_host_train_cross_entropy(Pointer losses, Pointer dlogits, Pointer logits, Pointer targets, long rows, int V,
                                       int Vp, float dloss, int threads);

    /** {@code words}: {@code AdamWStep.words()}, the exmy_adamw_params struct. */
    void exmy_host_train_adamw(Pointer params, Pointer grads, Pointer m, Pointer v, long n, int[] words, int threads);

    void exmy_host_train_sumsq(Pointer out, Pointer x, long n, int threads);

    /** exmy's math functions element-wise (fn 0 exp, 1 log, 2 tanh, 3 gelu), for the twin tests. */
    void exmy_host_train_math(Pointer out, Pointer in, long n, int fn, int threads);

    /** 1 if the training loops run their AVX2+FMA build on this CPU, 0 for the portable one. */
    int exmy_host_train_simd();

    /** 1: run the portable build of the training loops even where AVX2+FMA exists (tests). */
    void exmy_host_train_portable(int on);
}
