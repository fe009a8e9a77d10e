package io.exmy.backend.java;

import io.exmy.backend.Device;
import io.exmy.matmul.ExactGemm;
import io.exmy.matmul.GemmShape;

/** The reference GEMM ({@link ExactGemm}) over Java buffers and views. */
final class JavaGemm implements Device.Matmul<JavaBuffer> {
    @Override
    public void gemm(GemmShape shape, JavaBuffer a, JavaBuffer b, JavaBuffer c) {
        ExactGemm.gemm(shape, a.f32, a.off, b.f32, b.off, c.f32, c.off);
    }
}
