package io.exmy.backend.kernel;

import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockShape;
import io.exmy.transform.HadamardSpec;

/**
 * Launches of {@code cuda/hadamard.cu}: a thread per vector of {@code spec.size()} elements
 * ({@code exmy_hadamard_rows} along rows, {@code exmy_hadamard_cols} down columns, where consecutive
 * threads take consecutive columns), 256 threads per CTA, grid-stride loops over at most eight
 * resident CTAs per multiprocessor.
 */
final class HadamardKernels {
    static final String MODULE = "hadamard";
    static final int BLOCK = 256;
    static final int BLOCKS_PER_SM = 8;

    private final KernelRuntime rt;

    HadamardKernels(KernelRuntime rt) {
        this.rt = rt;
    }

    void transform(DeviceBuffer in, DeviceBuffer out, long rows, long cols, BlockShape.Axis axis, HadamardSpec spec) {
        long vectors = rows * cols / spec.size();
        if (vectors == 0) {
            return;
        }
        int cap = rt.properties().multiprocessors() * BLOCKS_PER_SM;
        int ctas = (int) Math.max(1, Math.min(cap, (vectors + BLOCK - 1) / BLOCK));
        String kernel = axis == BlockShape.Axis.ROW ? "exmy_hadamard_rows" : "exmy_hadamard_cols";
        rt.launch(MODULE, kernel, LaunchConfig.of(ctas, BLOCK),
                new KernelArgs().buffer(in).buffer(out).i64(rows).i64(cols).words(spec.words()));
    }
}
