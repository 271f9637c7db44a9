package sod.openblas;

import java.util.SplittableRandom;

/**
 * Test-scope pure-Java references for dense linear algebra: Gaussian elimination with partial
 * pivoting (the independent check of the LAPACK solves), matrix products and residuals, and seeded
 * symmetric test matrices with a chosen spectrum.
 */
public final class ReferenceSolve {
    private ReferenceSolve() {}

    /**
     * Solves the row-major n x n system {@code a x = b} (a not modified) by Gaussian elimination with
     * partial pivoting; returns null when a pivot is exactly zero.
     */
    public static double[] solve(double[] a, int n, double[] b) {
        double[] m = a.clone(), x = b.clone();
        for (int k = 0; k < n; k++) {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[pivot * n + k])) pivot = i;
            if (m[pivot * n + k] == 0) return null;
            if (pivot != k) {
                for (int j = 0; j < n; j++) {
                    double t = m[k * n + j];
                    m[k * n + j] = m[pivot * n + j];
                    m[pivot * n + j] = t;
                }
                double t = x[k];
                x[k] = x[pivot];
                x[pivot] = t;
            }
            for (int i = k + 1; i < n; i++) {
                double f = m[i * n + k] / m[k * n + k];
                if (f == 0) continue;
                for (int j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j];
                x[i] -= f * x[k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
            x[i] = s / m[i * n + i];
        }
        return x;
    }

    /** {@code a v} for row-major n x n a. */
    public static double[] times(double[] a, int n, double[] v) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i * n + j] * v[j];
            out[i] = s;
        }
        return out;
    }

    /** {@code ||a x - b|| / (||a||_F ||x|| + ||b||)}: the backward error a stable solver keeps near eps. */
    public static double relativeResidual(double[] a, int n, double[] x, double[] b) {
        double[] ax = times(a, n, x);
        double r = 0;
        for (int i = 0; i < n; i++) r += (ax[i] - b[i]) * (ax[i] - b[i]);
        return Math.sqrt(r) / (norm(a) * norm(x) + norm(b));
    }

    public static double norm(double[] v) {
        double s = 0;
        for (double e : v) s += e * e;
        return Math.sqrt(s);
    }

    public static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }

    public static double[] gaussian(int length, SplittableRandom random) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) v[i] = random.nextGaussian();
        return v;
    }

    /**
     * {@code Q diag(values) Q^T} with Q a seeded random orthogonal matrix (Gram-Schmidt, twice, of a
     * Gaussian matrix): a symmetric matrix whose eigenvalues are exactly known.
     */
    public static double[] withSpectrum(double[] values, long seed) {
        int n = values.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] q = new double[n * n]; // columns are the basis
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) q[i * n + j] = random.nextGaussian();
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double d = 0;
                    for (int i = 0; i < n; i++) d += q[i * n + j] * q[i * n + k];
                    for (int i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + k];
                }
            }
            double s = 0;
            for (int i = 0; i < n; i++) s += q[i * n + j] * q[i * n + j];
            s = Math.sqrt(s);
            for (int i = 0; i < n; i++) q[i * n + j] /= s;
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k <= i; k++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += q[i * n + j] * values[j] * q[k * n + j];
                a[i * n + k] = s;
                a[k * n + i] = s;
            }
        return a;
    }

    /** Eigenvalues log-spaced from 1 down to {@code 1 / condition}, with the signs given (+1 or -1) cycled. */
    public static double[] spectrum(int n, double condition, int... signs) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? 0 : (double) i / (n - 1);
            v[i] = Math.pow(condition, -t) * (signs.length == 0 ? 1 : signs[i % signs.length]);
        }
        return v;
    }
}
