package sod.solver;

import sod.io.SparseSymmetricSet;
import sod.operators.SensingOperator;

/**
 * Test-scope sensing operator over a {@link SparseSymmetricSet} (the upper triangle of each A_i, an
 * off-diagonal entry standing for both mirrors), plain loops, one thread: the committed power-grid
 * fixtures without the sparse operator of {@code sod.operators}. Rows may be scaled (normalised sensing).
 */
final class SparseTestOperator implements SensingOperator {
    private final SparseSymmetricSet set;
    private final double[] rowScale;

    /** @param rowScale s_i multiplying A_i (null: all 1) */
    SparseTestOperator(SparseSymmetricSet set, double[] rowScale) {
        this.set = set;
        this.rowScale = rowScale;
    }

    @Override public int n() { return set.n(); }
    @Override public int m() { return set.m(); }
    @Override public int threads() { return 1; }

    private double scale(int i) {
        return rowScale == null ? 1 : rowScale[i];
    }

    @Override
    public void measure(double[] u, double[] v, int k, double[] out) {
        for (int i = 0; i < set.m(); i++) {
            double s = 0;
            for (int e = (int) set.start()[i]; e < set.start()[i + 1]; e++) {
                int p = set.row()[e], q = set.col()[e];
                double uv = 0;
                for (int c = 0; c < k; c++) uv += u[p * k + c] * v[q * k + c] + (p == q ? 0 : u[q * k + c] * v[p * k + c]);
                s += set.value()[e] * uv;
            }
            out[i] = scale(i) * s;
        }
    }

    @Override
    public void adjointTimes(double[] y, double[] v, int k, double[] out) {
        java.util.Arrays.fill(out, 0, set.n() * k, 0);
        for (int i = 0; i < set.m(); i++) {
            double yi = y[i] * scale(i);
            if (yi == 0) continue;
            for (int e = (int) set.start()[i]; e < set.start()[i + 1]; e++) {
                int p = set.row()[e], q = set.col()[e];
                double w = yi * set.value()[e];
                for (int c = 0; c < k; c++) {
                    out[p * k + c] += w * v[q * k + c];
                    if (p != q) out[q * k + c] += w * v[p * k + c];
                }
            }
        }
    }

    @Override
    public void adjoint(double[] y, double[] g) {
        int n = set.n();
        java.util.Arrays.fill(g, 0, n * n, 0);
        for (int i = 0; i < set.m(); i++) {
            double yi = y[i] * scale(i);
            for (int e = (int) set.start()[i]; e < set.start()[i + 1]; e++) {
                int p = set.row()[e], q = set.col()[e];
                g[p * n + q] += yi * set.value()[e];
                if (p != q) g[q * n + p] += yi * set.value()[e];
            }
        }
    }

    @Override public long bytesPerIteration(int r) { return 0; }
    @Override public double flopsPerIteration(int r) { return 0; }
    @Override public void close() {}
}
