package sod.solver.local;

import java.util.Arrays;

/**
 * The generic {@link GaussNewtonKernel}, through the operator's passes only.
 *
 * <p>Diagonal: for the unit direction {@code E_pc} (entry (p, c) of D),
 * {@code J E_pc = A(x_c e_p^T + e_p x_c^T) = 2 measure(e_p, x_c)} with {@code x_c} column c of X, so
 * {@code diag_pc = 4 sum_i w_i measure(e_p, x_c)_i^2}: n r measure passes of rank 1, about half the
 * cost of n r products. Dense: n r products {@code J^T W J e_j}, one per column, symmetrised (each
 * entry the mean of its two computed values).
 */
final class ProductKernel implements GaussNewtonKernel {
    private final GaussNewtonSystem system;
    private final int n, r, m, size;
    private final double[] unit, column, rowVector, factorColumn, measured;

    ProductKernel(GaussNewtonSystem system) {
        this.system = system;
        n = system.n();
        r = system.rank();
        m = system.m();
        size = system.size();
        unit = new double[size];
        column = new double[size];
        rowVector = new double[n];
        factorColumn = new double[n];
        measured = new double[m];
    }

    @Override
    public void diagonal(double[] out) {
        double[] x = system.point(), w = system.weights();
        for (int c = 0; c < r; c++) {
            for (int p = 0; p < n; p++) factorColumn[p] = x[p * r + c];
            for (int p = 0; p < n; p++) {
                rowVector[p] = 1;
                system.operator().measure(rowVector, factorColumn, 1, measured);
                rowVector[p] = 0;
                double s = 0;
                for (int i = 0; i < m; i++) s += (w == null ? 1 : w[i]) * measured[i] * measured[i];
                out[p * r + c] = 4 * s;
            }
        }
    }

    @Override
    public void dense(double[] out) {
        Arrays.fill(unit, 0.0);
        for (int j = 0; j < size; j++) {
            unit[j] = 1;
            system.apply(unit, column);
            unit[j] = 0;
            for (int i = 0; i < size; i++) out[i * size + j] = column[i];
        }
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) {
                double mean = 0.5 * (out[i * size + j] + out[j * size + i]);
                out[i * size + j] = mean;
                out[j * size + i] = mean;
            }
    }

    @Override
    public double diagonalPasses() {
        return size;
    }
}
