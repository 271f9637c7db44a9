package sod.operators;

import sod.SodInputException;

/**
 * A sensing operator given by an explicit list of m symmetric n x n matrices (full, row-major).
 * Meant for small problems (the counterexample, references in tests): plain loops, one thread.
 */
public final class ExplicitOperator extends AbstractSensingOperator {

    private static final double SYMMETRY_TOLERANCE = 1e-12;

    private final double[][] matrices;
    /** n x n workspace for (U V^T + V U^T)/2 and for A*(y). */
    private final double[] square;

    /**
     * @param n        matrix dimension
     * @param matrices m matrices, each of length n*n, full row-major; copied
     * @param symmetrise when true each matrix is replaced by (A + A^T)/2; when false an asymmetric
     *                   matrix is rejected
     * @throws SodInputException on a wrong length, a non-finite entry, or (unless symmetrising) an
     *                           asymmetric matrix
     */
    public ExplicitOperator(int n, double[][] matrices, boolean symmetrise) {
        super(n, checkedCount(n, matrices), 1, "sod-explicit");
        this.matrices = new double[matrices.length][];
        for (int i = 0; i < matrices.length; i++) {
            double[] a = matrices[i];
            if (a == null || a.length != n * n)
                throw new SodInputException("explicit operator: sensing matrix " + i + " has "
                        + (a == null ? 0 : a.length) + " entries, expected n*n = " + (n * n));
            double[] copy = a.clone();
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    double apq = copy[p * n + q];
                    if (!Double.isFinite(apq))
                        throw new SodInputException("explicit operator: sensing matrix " + i + " has a non-finite entry at ("
                                + p + ", " + q + ")");
                    if (q > p) {
                        double aqp = copy[q * n + p];
                        if (symmetrise) {
                            double mean = 0.5 * (apq + aqp);
                            copy[p * n + q] = mean;
                            copy[q * n + p] = mean;
                        } else if (Math.abs(apq - aqp) > SYMMETRY_TOLERANCE * Math.max(1.0, Math.max(Math.abs(apq), Math.abs(aqp)))) {
                            throw new SodInputException("explicit operator: sensing matrix " + i + " is not symmetric at ("
                                    + p + ", " + q + "): " + apq + " vs " + aqp + "; symmetrise it or pass symmetrise=true");
                        }
                    }
                }
            }
            this.matrices[i] = copy;
        }
        this.square = new double[n * n];
    }

    /** The number of matrices, after the checks that must come first. */
    private static int checkedCount(int n, double[][] matrices) {
        if (n < 1) throw new SodInputException("explicit operator: n must be >= 1, got " + n);
        if (matrices == null || matrices.length == 0)
            throw new SodInputException("explicit operator: need at least one sensing matrix");
        return matrices.length;
    }

    /** Rejects asymmetric matrices; see {@link #ExplicitOperator(int, double[][], boolean)}. */
    public ExplicitOperator(int n, double[][] matrices) {
        this(n, matrices, false);
    }

    /** The i-th sensing matrix (a copy, full row-major). */
    public double[] matrix(int i) {
        return matrices[i].clone();
    }

    @Override
    protected void measureChecked(double[] u, double[] v, int k, double[] out) {
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[p * k + c] * v[q * k + c];
                    vu += v[p * k + c] * u[q * k + c];
                }
                square[p * n + q] = 0.5 * (uv + vu);
            }
        }
        for (int i = 0; i < matrices.length; i++) {
            double[] a = matrices[i];
            double s = 0;
            for (int e = 0; e < n * n; e++) s += a[e] * square[e];
            out[i] = s;
        }
    }

    @Override
    protected void adjointChecked(double[] y, double[] g) {
        java.util.Arrays.fill(g, 0, n * n, 0.0);
        for (int i = 0; i < matrices.length; i++) {
            double[] a = matrices[i];
            double yi = y[i];
            for (int e = 0; e < n * n; e++) g[e] += yi * a[e];
        }
    }

    @Override
    protected void adjointTimesChecked(double[] y, double[] v, int k, double[] out) {
        adjoint(y, square);
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int q = 0; q < n; q++) s += square[p * n + q] * v[q * k + c];
                out[p * k + c] = s;
            }
        }
    }

    @Override
    public long bytesPerIteration(int r) {
        return 2L * matrices.length * n * n * Double.BYTES;
    }

    @Override
    public double flopsPerIteration(int r) {
        return 4.0 * matrices.length * n * n + 4.0 * n * n * r;
    }
}
