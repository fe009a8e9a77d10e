package io.exmy.train;

import io.exmy.backend.Backend;
import io.exmy.backend.DeviceBuffer;
import io.exmy.format.CastSpec;
import io.exmy.format.Format;
import io.exmy.matmul.GemmShape;

/**
 * How the model's GEMMs run. Exact mode: {@code MatmulOps.gemm}, the FMA chains every backend
 * computes bit for bit. Fast mode (GPU only): both operands rounded to BF16 (round to nearest
 * even, into scratch buffers) and multiplied on tensor cores with float32 accumulation — the
 * usual mixed-precision recipe, much faster, with the accumulation order left to cuBLAS. A
 * quantized operand is rounded to BF16 after its quantization (exact for formats and scales BF16
 * holds, e.g. E4M3 or E2M1 with power-of-two scales).
 */
final class GemmRunner {
    private static final CastSpec BF16 = CastSpec.of(Format.BF16);

    private final Backend be;
    private final boolean fast;
    private final DeviceBuffer scratchA;
    private final DeviceBuffer scratchB;

    private GemmRunner(Backend be, boolean fast, DeviceBuffer scratchA, DeviceBuffer scratchB) {
        this.be = be;
        this.fast = fast;
        this.scratchA = scratchA;
        this.scratchB = scratchB;
    }

    static GemmRunner exact(Backend be) {
        return new GemmRunner(be, false, null, null);
    }

    /** Fast mode with scratch buffers for the largest A and B operands; an error where the backend has no tensor-core GEMM. */
    static GemmRunner fast(Backend be, DeviceBuffer scratchA, DeviceBuffer scratchB) {
        String why = be.fastGemmUnavailableReason();
        if (why != null) {
            throw new IllegalArgumentException("fast mode (BF16 tensor-core GEMMs) is unavailable: " + why
                    + "; train without fast, or on the cuda backend");
        }
        return new GemmRunner(be, true, scratchA, scratchB);
    }

    boolean isFast() {
        return fast;
    }

    void gemm(GemmShape s, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        if (!fast) {
            be.gemm(s, a, b, c);
            return;
        }
        DeviceBuffer a16 = scratchA.slice(0, s.aExtent());
        DeviceBuffer b16 = scratchB.slice(0, s.bExtent());
        be.cast(a.slice(0, s.aExtent()), a16, s.aExtent(), 0, BF16);
        be.cast(b.slice(0, s.bExtent()), b16, s.bExtent(), 0, BF16);
        be.gemmBf16(s, a16, b16, c);
    }
}
