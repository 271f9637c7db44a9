package sod.solver.spectral;

import sod.openblas.SymmetricEigen;

import java.util.SplittableRandom;

/**
 * The smallest eigenpair of a large symmetric operator known only through products {@code y = A x}:
 * thick-restart Lanczos (Wu and Simon, 2000) with full reorthogonalisation.
 *
 * <p>The basis holds {@code basisSize} vectors of length n; after each cycle the {@code keep} Ritz
 * vectors with the smallest Ritz values are kept and the Krylov space is rebuilt from the residual
 * direction. The projected matrices (basisSize x basisSize) are solved by LAPACK through
 * {@link SymmetricEigen}. Convergence is declared when the Ritz residual
 * {@code ||A u - theta u|| = |beta_m y_m|} drops below {@code tolerance * max(|theta|)} (relative) — the
 * residual is then verified with one explicit product. Owns all its workspace (reusable, no
 * allocation per solve); not thread-safe.
 */
public final class Lanczos implements AutoCloseable {

    /** A symmetric linear map R^n -> R^n. */
    @FunctionalInterface
    public interface SymmetricMap {
        void apply(double[] x, double[] y);
    }

    /** Outcome of a solve: eigenvalue, residual norm {@code ||A u - lambda u||}, products used, converged. */
    public record Outcome(double value, double residual, int products, int restarts, boolean converged) {}

    private final int n, basisSize, keep;
    private final double[][] basis;   // basisSize + 1 vectors
    private final double[][] scratch; // keep vectors for the restart combination
    private final double[] w, t, tCopy, ritzValues, ritzVectors, coefficients;
    private final SymmetricEigen projected;

    public Lanczos(int n, int basisSize) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        this.n = n;
        this.basisSize = Math.max(2, Math.min(basisSize, n));
        this.keep = Math.max(1, Math.min(this.basisSize / 3, this.basisSize - 1));
        basis = new double[this.basisSize + 1][n];
        scratch = new double[keep][n];
        w = new double[n];
        int m = this.basisSize;
        t = new double[m * m];
        tCopy = new double[m * m];
        ritzValues = new double[m];
        ritzVectors = new double[m * m];
        coefficients = new double[m + 1];
        projected = new SymmetricEigen(m);
    }

    public int n() {
        return n;
    }

    /**
     * Smallest eigenpair of {@code a}. {@code vector} (length n) receives the unit eigenvector (largest
     * component positive); when {@code warmStart} is true its content is used as the start vector,
     * otherwise a seeded random vector is.
     */
    public Outcome smallest(SymmetricMap a, double[] vector, boolean warmStart, double tolerance, int maxProducts, long seed) {
        int m = basisSize;
        double[] v0 = basis[0];
        if (warmStart && norm(vector) > 0) {
            System.arraycopy(vector, 0, v0, 0, n);
        } else {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) v0[i] = rnd.nextGaussian();
        }
        scale(v0, 1 / norm(v0));
        java.util.Arrays.fill(t, 0);
        int start = 0, products = 0, restarts = 0;
        double beta = 0, theta = Double.NaN, residual = Double.POSITIVE_INFINITY;
        SplittableRandom breakdownRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        while (true) {
            int size = m;
            for (int j = start; j < m; j++) {
                a.apply(basis[j], w);
                products++;
                // Classical Gram-Schmidt twice ("twice is enough") against the whole basis.
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i <= j; i++) {
                        double c = dot(basis[i], w);
                        if (pass == 0) coefficients[i] = c; else coefficients[i] += c;
                        axpy(-c, basis[i], w);
                    }
                }
                for (int i = 0; i <= j; i++) {
                    t[i * m + j] = coefficients[i];
                    t[j * m + i] = coefficients[i];
                }
                beta = norm(w);
                if (j + 1 == n) { // the basis spans R^n: the projection is exact
                    size = j + 1;
                    beta = 0;
                    break;
                }
                if (beta <= 1e-13 * Math.max(1, Math.abs(coefficients[j]))) {
                    // Invariant subspace: continue with a random direction orthogonal to the basis.
                    for (int i = 0; i < n; i++) w[i] = breakdownRandom.nextGaussian();
                    for (int pass = 0; pass < 2; pass++) for (int i = 0; i <= j; i++) axpy(-dot(basis[i], w), basis[i], w);
                    beta = 0;
                    double wn = norm(w);
                    for (int i = 0; i < n; i++) basis[j + 1][i] = w[i] / wn;
                } else {
                    for (int i = 0; i < n; i++) basis[j + 1][i] = w[i] / beta;
                }
                if (j + 1 < m) {
                    t[(j + 1) * m + j] = beta;
                    t[j * m + j + 1] = beta;
                }
            }
            // Ritz pairs of the projected matrix (size x size, stored with stride m).
            for (int i = 0; i < size; i++) System.arraycopy(t, i * m, tCopy, i * size, size);
            projected.decompose(tCopy, size, ritzValues, ritzVectors);
            theta = ritzValues[0];
            double scaleEstimate = Math.max(Math.abs(ritzValues[0]), Math.abs(ritzValues[size - 1]));
            residual = Math.abs(beta * ritzVectors[(size - 1) * size]);
            boolean converged = residual <= tolerance * Math.max(scaleEstimate, Double.MIN_NORMAL) || size < m;
            if (converged || products >= maxProducts) {
                combine(size, size, 0, vector);
                normaliseSign(vector);
                a.apply(vector, w);
                products++;
                double r = 0;
                for (int i = 0; i < n; i++) {
                    double d = w[i] - theta * vector[i];
                    r += d * d;
                }
                return new Outcome(theta, Math.sqrt(r), products, restarts, converged);
            }
            // Thick restart: keep the `keep` smallest Ritz vectors, then continue from v_{m+1}.
            for (int k = 0; k < keep; k++) combine(size, size, k, scratch[k]);
            for (int k = 0; k < keep; k++) System.arraycopy(scratch[k], 0, basis[k], 0, n);
            System.arraycopy(basis[m], 0, basis[keep], 0, n);
            java.util.Arrays.fill(t, 0);
            for (int k = 0; k < keep; k++) {
                t[k * m + k] = ritzValues[k];
                double coupling = beta * ritzVectors[(size - 1) * size + k];
                t[k * m + keep] = coupling;
                t[keep * m + k] = coupling;
            }
            start = keep;
            restarts++;
        }
    }

    /** out = sum_i basis[i] * y[i][col] over the first {@code rows} basis vectors (y is rows x stride). */
    private void combine(int rows, int stride, int col, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < rows; i++) axpy(ritzVectors[i * stride + col], basis[i], out);
    }

    private static void normaliseSign(double[] v) {
        double nv = norm(v);
        int arg = 0;
        for (int i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[arg]) * (1 + 1e-12)) arg = i;
        double s = (v[arg] < 0 ? -1 : 1) / nv;
        for (int i = 0; i < v.length; i++) v[i] *= s;
    }

    private static double dot(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0, len = x.length;
        for (; i + 3 < len; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < len; i++) s0 += x[i] * y[i];
        return (s0 + s1) + (s2 + s3);
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
    }

    private static void scale(double[] x, double alpha) {
        for (int i = 0; i < x.length; i++) x[i] *= alpha;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    @Override
    public void close() {
        projected.close();
    }
}
