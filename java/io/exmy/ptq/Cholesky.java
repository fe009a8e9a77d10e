package io.exmy.ptq;

/**
 * Cholesky factorization of a symmetric positive definite matrix in double precision, and the
 * factor GPTQ needs: the upper triangular U with Uᵀ·U = H⁻¹ (the reference's
 * {@code cholesky(cholesky_inverse(cholesky(H)), upper=True)}). Row-major n × n arrays; sums in
 * ascending index order.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /** The lower triangular L with L·Lᵀ = A; fails with a message if A is not positive definite. */
    public static double[] lower(double[] a, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (!(d > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + d + " at column " + j
                        + "): raise the damping (--damp) or use more calibration sequences");
            }
            double ljj = Math.sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / ljj;
            }
        }
        return l;
    }

    /** A⁻¹ from A's lower factor L: (L·Lᵀ)⁻¹ = L⁻ᵀ·L⁻¹. */
    public static double[] inverseFromLower(double[] l, int n) {
        // M = L⁻¹ (lower triangular), by forward substitution column by column
        double[] m = new double[n * n];
        for (int c = 0; c < n; c++) {
            for (int i = c; i < n; i++) {
                double s = i == c ? 1.0 : 0.0;
                for (int k = c; k < i; k++) {
                    s -= l[i * n + k] * m[k * n + c];
                }
                m[i * n + c] = s / l[i * n + i];
            }
        }
        // A⁻¹ = Mᵀ·M, symmetric: (i, j) = Σ_k≥max(i,j) M[k,i]·M[k,j]
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < n; k++) {
                    s += m[k * n + i] * m[k * n + j];
                }
                inv[i * n + j] = s;
                inv[j * n + i] = s;
            }
        }
        return inv;
    }

    /** The upper triangular U with Uᵀ·U = A⁻¹: the transpose of the lower factor of A⁻¹. */
    public static double[] upperOfInverse(double[] a, int n) {
        double[] lInv = lower(inverseFromLower(lower(a, n), n), n);
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                u[j * n + i] = lInv[i * n + j];
            }
        }
        return u;
    }
}
