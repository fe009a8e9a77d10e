package io.exmy.matmul;

import io.exmy.backend.GemmShape;
import java.util.stream.IntStream;

/**
 * The reference GEMM, the specification of {@link io.exmy.backend.MatmulOps#gemm}: each output is
 * the FMA chain over k ascending. The loops run i, k, j with the running sums in C's row, which
 * keeps every output's chain in k order while streaming B's rows; rows are spread over cores.
 */
public final class ExactGemm {
    private ExactGemm() {
    }

    /** C (at cOff) = op(A) (at aOff) · op(B) (at bOff) for every batch of {@code s}. */
    public static void gemm(GemmShape s, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        IntStream.range(0, s.batch() * s.m()).parallel().forEach(row -> {
            int batch = row / Math.max(1, s.m());
            int i = row % Math.max(1, s.m());
            int ab = aOff + (int) (batch * s.strideA());
            int bb = bOff + (int) (batch * s.strideB());
            int cRow = cOff + (int) (batch * s.strideC()) + i * s.ldc();
            if (!s.accumulate()) {
                for (int j = 0; j < s.n(); j++) {
                    c[cRow + j] = 0.0f;
                }
            }
            for (int kk = 0; kk < s.k(); kk++) {
                float aik = a[ab + (int) s.aIndex(i, kk)];
                if (s.transB()) {
                    for (int j = 0; j < s.n(); j++) {
                        c[cRow + j] = Math.fma(aik, b[bb + j * s.ldb() + kk], c[cRow + j]);
                    }
                } else {
                    int bRow = bb + kk * s.ldb();
                    for (int j = 0; j < s.n(); j++) {
                        c[cRow + j] = Math.fma(aik, b[bRow + j], c[cRow + j]);
                    }
                }
            }
        });
    }
}
