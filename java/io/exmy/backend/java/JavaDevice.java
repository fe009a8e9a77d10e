package io.exmy.backend.java;

import io.exmy.backend.Device;

/** The Java reference backend's device: the specification, always available, used to check all others. */
public final class JavaDevice implements Device<JavaBuffer> {
    private final JavaMemory memory = new JavaMemory();
    private final JavaCast cast = new JavaCast();
    private final JavaBlock block = new JavaBlock();
    private final JavaHadamard hadamard = new JavaHadamard();
    private final JavaGemm gemm = new JavaGemm();
    private final JavaTrain train = new JavaTrain();

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String description() {
        return "CPU, Java reference (" + Runtime.getRuntime().availableProcessors() + " threads, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")";
    }

    @Override
    public Memory<JavaBuffer> memory() {
        return memory;
    }

    @Override
    public Cast<JavaBuffer> cast() {
        return cast;
    }

    @Override
    public Block<JavaBuffer> block() {
        return block;
    }

    @Override
    public Hadamard<JavaBuffer> hadamard() {
        return hadamard;
    }

    @Override
    public Matmul<JavaBuffer> matmul() {
        return gemm;
    }

    @Override
    public Elementwise<JavaBuffer> elementwise() {
        return train;
    }

    @Override
    public Gelu<JavaBuffer> gelu() {
        return train;
    }

    @Override
    public Encoder<JavaBuffer> encoder() {
        return train;
    }

    @Override
    public LayerNorm<JavaBuffer> layerNorm() {
        return train;
    }

    @Override
    public Attention<JavaBuffer> attention() {
        return train;
    }

    @Override
    public Rope<JavaBuffer> rope() {
        return train;
    }

    @Override
    public CrossEntropy<JavaBuffer> crossEntropy() {
        return train;
    }

    @Override
    public AdamW<JavaBuffer> adamW() {
        return train;
    }

    @Override
    public void close() {
        // the heap's: garbage collected
    }
}
