package io.exmy.backend.java;

import io.exmy.backend.Device;
import io.exmy.block.BlockShape;
import io.exmy.transform.Hadamard;
import io.exmy.transform.HadamardSpec;
import java.util.Arrays;

/** The reference Hadamard transform ({@link Hadamard}) over Java buffers and views. */
final class JavaHadamard implements Device.Hadamard<JavaBuffer> {
    @Override
    public void hadamard(JavaBuffer in, JavaBuffer out, long rows, long cols, BlockShape.Axis axis, HadamardSpec spec) {
        int n = Math.toIntExact(rows * cols);
        float[] y = Hadamard.transform(Arrays.copyOfRange(in.f32, in.off, in.off + n), rows, cols, axis, spec);
        System.arraycopy(y, 0, out.f32, out.off, n);
    }
}
