package io.exmy.matmul;

/**
 * The shape of a batched, strided, row-major GEMM: for each batch b,
 * {@code C_b (m×n) = op(A_b) (m×k) · op(B_b) (k×n)}.
 *
 * <p>Without {@code transA}, A_b is stored as m rows of k with row stride {@code lda}; with it, as
 * k rows of m (so op(A) = Aᵀ) with row stride {@code lda}. Likewise B: k×n, or n×k with
 * {@code transB}. C_b is m rows of n with row stride {@code ldc}. Batch b starts at element
 * {@code b·strideA} of A (resp. B, C). Leading dimensions larger than the packed row length
 * address sub-matrices, e.g. one head of a (T, H·D) attention tensor.
 *
 * <p>{@code accumulate}: each output's FMA chain starts from the current C value instead of +0.
 */
public record GemmShape(int m, int n, int k, boolean transA, boolean transB, int lda, int ldb, int ldc,
                        int batch, long strideA, long strideB, long strideC, boolean accumulate) {

    public GemmShape {
        if (m < 0 || n < 0 || k < 0 || batch < 1) {
            throw new IllegalArgumentException("GEMM sizes must be non-negative and batch at least 1: m=" + m
                    + " n=" + n + " k=" + k + " batch=" + batch);
        }
        if (lda < (transA ? m : k) || ldb < (transB ? k : n) || ldc < n) {
            throw new IllegalArgumentException("leading dimensions shorter than their rows: lda=" + lda + " ldb=" + ldb
                    + " ldc=" + ldc + " for m=" + m + " n=" + n + " k=" + k + (transA ? " transA" : "")
                    + (transB ? " transB" : ""));
        }
    }

    /** A single packed product C (m×n) = op(A)·op(B). */
    public static GemmShape of(int m, int n, int k, boolean transA, boolean transB) {
        return new GemmShape(m, n, k, transA, transB, transA ? m : k, transB ? k : n, n, 1, 0, 0, 0, false);
    }

    public GemmShape accumulating(boolean acc) {
        return new GemmShape(m, n, k, transA, transB, lda, ldb, ldc, batch, strideA, strideB, strideC, acc);
    }

    public GemmShape batched(int count, long sA, long sB, long sC) {
        return new GemmShape(m, n, k, transA, transB, lda, ldb, ldc, count, sA, sB, sC, accumulate);
    }

    public GemmShape withLeadingDims(int newLda, int newLdb, int newLdc) {
        return new GemmShape(m, n, k, transA, transB, newLda, newLdb, newLdc, batch, strideA, strideB, strideC,
                accumulate);
    }

    /** Element (i, kk) of op(A) within a batch, as an offset from the batch's start. */
    public long aIndex(int i, int kk) {
        return transA ? (long) kk * lda + i : (long) i * lda + kk;
    }

    /** Element (kk, j) of op(B) within a batch. */
    public long bIndex(int kk, int j) {
        return transB ? (long) j * ldb + kk : (long) kk * ldb + j;
    }

    /** Elements of A the last batch reaches, plus one: the length A must have. */
    public long aExtent() {
        return m == 0 || k == 0 ? 0 : (batch - 1) * strideA + aIndex(m - 1, k - 1) + 1;
    }

    public long bExtent() {
        return n == 0 || k == 0 ? 0 : (batch - 1) * strideB + bIndex(k - 1, n - 1) + 1;
    }

    public long cExtent() {
        return m == 0 || n == 0 ? 0 : (batch - 1) * strideC + (long) (m - 1) * ldc + n;
    }

    /** Multiply-adds: 2·m·n·k·batch floating-point operations. */
    public double flops() {
        return 2.0 * m * n * k * batch;
    }
}
