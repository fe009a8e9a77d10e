package io.exmy.bench;

import io.exmy.backend.Backend;
import io.exmy.backend.DType;
import io.exmy.backend.DeviceBuffer;
import io.exmy.block.BlockScheme;
import io.exmy.matmul.GemmShape;
import io.exmy.quantized.QuantizedMatmul;
import java.util.Locale;

/**
 * Throughput of the matrix products on square n×n×n problems, in FLOP/s (2n³ per product): the
 * exact GEMM on any backend; on the GPU also a plain cuBLAS BF16 GEMM (operands already in BF16:
 * the baseline) and the fast quantized matmul including its quantization passes (both operands
 * block-quantized, packed to BF16, multiplied), measured in the same run so they compare.
 */
public final class MatmulBenchmark {
    private MatmulBenchmark() {
    }

    /** One measured configuration; {@code baselineFlops} is the cuBLAS BF16 GEMM's at the same size, if measured. */
    public record Result(String backend, String operation, int n, double medianMs, double minMs, Double baselineFlops) {
        public double flops() {
            return 2.0 * n * n * (double) n / (medianMs / 1e3);
        }

        public Double ratio() {
            return baselineFlops == null ? null : flops() / baselineFlops;
        }

        public Result against(double baseline) {
            return new Result(backend, operation, n, medianMs, minMs, baseline);
        }
    }

    /** Normal(0, 1) data, or its BF16-exact truncation (the top 16 bits of each value). */
    static float[] data(int count, long seed, boolean bf16) {
        float[] x = CastBenchmark.data(count, seed);
        if (bf16) {
            for (int i = 0; i < count; i++) {
                x[i] = Float.intBitsToFloat(Float.floatToRawIntBits(x[i]) & 0xFFFF0000);
            }
        }
        return x;
    }

    /** The exact GEMM C = A·B (row-major, no transposes). */
    public static Result exact(Backend b, int n, int reps) {
        long nn = (long) n * n;
        try (DeviceBuffer a = b.upload(data((int) nn, 1, false)); DeviceBuffer bm = b.upload(data((int) nn, 2, false));
             DeviceBuffer c = b.allocate(DType.F32, nn)) {
            GemmShape s = GemmShape.of(n, n, n, false, false);
            Timing t = Timing.of(b, () -> b.gemm(s, a, bm, c), 1, reps);
            return new Result(b.name(), "exact GEMM", n, t.medianMs, t.minMs, null);
        }
    }

    /** cuBLAS alone on BF16 operands packed beforehand: what the fast mode is measured against. */
    public static Result cublasBf16(Backend b, int n, int reps) {
        long nn = (long) n * n;
        try (DeviceBuffer a = b.upload(data((int) nn, 1, true)); DeviceBuffer bm = b.upload(data((int) nn, 2, true));
             DeviceBuffer a16 = b.allocate(DType.U8, 2 * nn); DeviceBuffer b16 = b.allocate(DType.U8, 2 * nn);
             DeviceBuffer c = b.allocate(DType.F32, nn)) {
            b.packBf16(a, a16, n, n, n, 0, 1);
            b.packBf16(bm, b16, n, n, n, 0, 1);
            GemmShape s = GemmShape.of(n, n, n, false, false);
            Timing t = Timing.of(b, () -> b.gemmBf16Packed(s, a16, b16, c), 2, reps);
            return new Result(b.name(), "cuBLAS BF16 GEMM (" + b.fastGemmLibrary() + ")", n, t.medianMs, t.minMs, null);
        }
    }

    /** The quantized matmul in {@code mode}, quantization of both operands included. */
    public static Result quantized(Backend b, int n, BlockScheme sa, BlockScheme sb, QuantizedMatmul.Mode mode,
                                   int reps) {
        long nn = (long) n * n;
        try (DeviceBuffer a = b.upload(data((int) nn, 1, false)); DeviceBuffer bm = b.upload(data((int) nn, 2, false));
             DeviceBuffer c = b.allocate(DType.F32, nn); QuantizedMatmul qm = new QuantizedMatmul(b)) {
            QuantizedMatmul.Outcome o = qm.multiply(a, bm, c, n, n, n, sa, sb, null, mode);
            if (o.used() != mode) {
                throw new IllegalArgumentException("the " + mode + " mode cannot run " + sa + " × " + sb + " on "
                        + b.name() + ": " + o.fallbackReason());
            }
            Timing t = Timing.of(b, () -> qm.multiply(a, bm, c, n, n, n, sa, sb, null, mode), 1, reps);
            String op = String.format(Locale.ROOT, "%s quantized matmul %s × %s", mode, sa, sb);
            return new Result(b.name(), op, n, t.medianMs, t.minMs, null);
        }
    }
}
