package io.exmy.backend;

import io.exmy.block.BlockScheme;
import io.exmy.block.BlockShape;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;
import io.exmy.ops.AdamWStep;
import io.exmy.transform.HadamardSpec;

/**
 * What a backend computes on, below its checked front {@link Backend}: memory, and the raw calls of
 * every op family on the device's own buffer type {@code D}. The front has checked every argument
 * ({@link Checks}, {@link TrainChecks}: sizes, dtypes, lengths, ownership) before it calls one, and
 * every buffer it passes was allocated here, so an implementation only computes: {@code java} calls
 * the reference, {@code host} calls {@code libexmy_host.so}, {@code cuda} and {@code emu} launch the
 * kernels ({@code io.exmy.backend.kernel}).
 *
 * <p>One nested interface per op family, each the twin of a Java reference and of a kernel file
 * (docs/ARCHITECTURE.md, "Twins"), so that a launch class implements exactly the family of its
 * {@code .cu} file. Semantics are those of the op-family interfaces the front implements
 * ({@link CastOps}, {@link BlockOps}, {@link HadamardOps}, {@link MatmulOps}, {@link FastMatmulOps},
 * {@link TrainOps}); where a forward and a backward pass differ only in direction, one call takes a
 * {@code backward} flag.
 */
public interface Device<D extends DeviceBuffer> extends AutoCloseable {
    /** Short name: java, host, cuda, emu. */
    String name();

    /** What it runs on, for logs and benchmark records. */
    String description();

    Memory<D> memory();

    Cast<D> cast();

    Block<D> block();

    Hadamard<D> hadamard();

    Matmul<D> matmul();

    /** The tensor-core GEMM; by default none, saying so. */
    default FastGemm<D> fastGemm() {
        return FastGemm.none("backend '" + name() + "' has no tensor cores (the fast mode needs --backend cuda)");
    }

    Elementwise<D> elementwise();

    Gelu<D> gelu();

    Encoder<D> encoder();

    LayerNorm<D> layerNorm();

    Attention<D> attention();

    Rope<D> rope();

    CrossEntropy<D> crossEntropy();

    AdamW<D> adamW();

    /** Frees what the device holds (scratch memory, contexts); its buffers must not be used afterwards. */
    @Override
    void close();

    /** Buffers and copies. */
    interface Memory<D extends DeviceBuffer> {
        /** A buffer that reports {@code owner} as its backend (null for scratch memory the front never sees). */
        D allocate(Backend owner, DType dtype, long length);

        void upload(float[] src, D dst);

        void upload(byte[] src, D dst);

        void upload(int[] src, D dst);

        void download(D src, float[] dst);

        void download(D src, byte[] dst);

        void download(D src, int[] dst);

        /** Copies all of {@code src} into the start of {@code dst}, on the device. */
        void copy(D src, D dst);

        /** Waits for queued work (a no-op where calls are synchronous). */
        void synchronize();

        /** Milliseconds {@code work} takes, queued work included: the wall clock unless the device has events. */
        default double timeMillis(Runnable work) {
            synchronize();
            long t0 = System.nanoTime();
            work.run();
            synchronize();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** {@link CastOps}; twins {@code format/ExmyCast}, {@code Codes}, {@code cuda/cast.cu}. */
    interface Cast<D extends DeviceBuffer> {
        void cast(D in, D out, long n, long indexBase, CastSpec spec);

        void encode(D in, D codes, long rows, long cols, long indexBase, CastSpec spec);

        void decode(D codes, D out, long rows, long cols, Format format);
    }

    /** {@link BlockOps}; twins {@code block/BlockQuantizer}, {@code cuda/block.cu}. */
    interface Block<D extends DeviceBuffer> {
        void fakeQuantize(D in, D out, long rows, long cols, long indexBase, BlockScheme scheme);

        /** {@code tensorScale} is null unless the scheme has a tensor scale. */
        void quantize(D in, D codes, D scales, D tensorScale, long rows, long cols, long indexBase,
                      BlockScheme scheme);

        /** {@code tensorScale} is null unless the scheme has a tensor scale. */
        void dequantize(D codes, D scales, D tensorScale, D out, long rows, long cols, BlockScheme scheme);
    }

    /** {@link HadamardOps}; twins {@code transform/Hadamard}, {@code cuda/hadamard.cu}. */
    interface Hadamard<D extends DeviceBuffer> {
        void hadamard(D in, D out, long rows, long cols, BlockShape.Axis axis, HadamardSpec spec);
    }

    /** {@link MatmulOps}; twins {@code matmul/ExactGemm}, {@code cuda/matmul.cu}. */
    interface Matmul<D extends DeviceBuffer> {
        void gemm(GemmShape shape, D a, D b, D c);
    }

    /** {@link FastMatmulOps}: BF16 operands on tensor cores (cuBLAS), packed by {@code cuda/matmul.cu}. */
    interface FastGemm<D extends DeviceBuffer> {
        /** Null where {@link #gemm} runs, else why it cannot. */
        String unavailableReason();

        /** The BF16 GEMM library (version and binding), or why there is none. */
        String library();

        void gemm(GemmShape shape, D a, D b, D c, float alpha);

        /** The library's call alone, on BF16 images already packed (U8, 2 bytes per element). */
        void gemmPacked(GemmShape shape, D a16, D b16, D c, float alpha);

        /** Packs float32 matrices into BF16 images; returns 0 iff every value converted exactly. */
        int pack(D x, D out, int rows, int cols, int ld, long stride, int batch);

        /** No fast GEMM: {@code why} everywhere, and calls that throw it. */
        static <D extends DeviceBuffer> FastGemm<D> none(String why) {
            return new FastGemm<>() {
                @Override
                public String unavailableReason() {
                    return why;
                }

                @Override
                public String library() {
                    return "unavailable: " + why;
                }

                @Override
                public void gemm(GemmShape shape, D a, D b, D c, float alpha) {
                    throw new BackendUnavailableException(why);
                }

                @Override
                public void gemmPacked(GemmShape shape, D a16, D b16, D c, float alpha) {
                    throw new BackendUnavailableException(why);
                }

                @Override
                public int pack(D x, D out, int rows, int cols, int ld, long stride, int batch) {
                    throw new BackendUnavailableException(why + "; BF16 packing is a kernel (backends cuda and emu)");
                }
            };
        }
    }

    // ---- the training ops (TrainOps), one interface per kernel file ----

    /** Twins {@code ops/Elementwise}, {@code ops/ColumnOrder}, {@code cuda/elementwise.cu}. */
    interface Elementwise<D extends DeviceBuffer> {
        void fill(D x, long n, float value);

        void scale(D x, long n, float factor);

        void add(D out, D a, D b, long n);

        void biasAdd(D out, D bias, int rows, int cols);

        void biasBackward(D dbias, D dout, int rows, int cols);

        void sumOfSquares(D out, D x, long n);
    }

    /** Twins {@code ops/Gelu}, {@code cuda/gelu.cu}. */
    interface Gelu<D extends DeviceBuffer> {
        void geluForward(D out, D inp, long n);

        void geluBackward(D dinp, D inp, D dout, long n);
    }

    /** Twins {@code ops/Encoder}, {@code cuda/encoder.cu}; {@code wpe}/{@code dwpe} may be null. */
    interface Encoder<D extends DeviceBuffer> {
        void encoderForward(D out, D tokens, D wte, D wpe, int B, int T, int C, int V);

        void encoderBackward(D dwte, D dwpe, D dout, D tokens, int B, int T, int C, int V);
    }

    /** Twins {@code ops/LayerNorm}, {@code cuda/layernorm.cu}. */
    interface LayerNorm<D extends DeviceBuffer> {
        void layerNormForward(D out, D mean, D rstd, D inp, D weight, D bias, int rows, int C, float eps);

        void layerNormBackward(D dinp, D dweight, D dbias, D dout, D inp, D weight, D mean, D rstd, int rows, int C);
    }

    /** Twins {@code ops/Attention}, {@code cuda/attention.cu}: the layouts copy the other way when {@code backward}. */
    interface Attention<D extends DeviceBuffer> {
        void attentionSplit(D q, D k, D v, D qkv, int B, int T, int NH, int HS, boolean backward);

        void attentionMerge(D out, D y, int B, int T, int NH, int HS, boolean backward);

        void causalSoftmaxForward(D att, D preatt, int rows, int T, float scale);

        void causalSoftmaxBackward(D dpreatt, D datt, D att, int rows, int T, float scale);
    }

    /** Twins {@code ops/Rope}, {@code cuda/rope.cu}: the transposed rotation when {@code backward}. */
    interface Rope<D extends DeviceBuffer> {
        void rope(D out, D inp, D table, int rows, int T, int HS, boolean backward);
    }

    /** Twins {@code ops/CrossEntropy}, {@code cuda/crossentropy.cu}; {@code dlogits} may be null. */
    interface CrossEntropy<D extends DeviceBuffer> {
        void crossEntropy(D losses, D dlogits, D logits, D targets, int rows, int V, int Vp, float dloss);
    }

    /** Twins {@code ops/AdamW}, {@code cuda/adamw.cu}. */
    interface AdamW<D extends DeviceBuffer> {
        void adamW(D params, D grads, D m, D v, long n, AdamWStep step);
    }
}
