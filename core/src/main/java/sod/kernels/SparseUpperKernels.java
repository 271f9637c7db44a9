package sod.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pass 1 of the sparse symmetric operators: kernels over rows {@code [lo, hi)} of the upper triangle of
 * a pattern in CSR form ({@code start[i] .. start[i+1]-1} are the entries (i, cols[e] >= i), columns
 * ascending; entry e carries weight {@code w[e]}, or 1 when {@code w} is null). Factors are row-major
 * n x k. Every row's sums run in a fixed order and each row writes only its own outputs, so a caller may
 * split rows over threads freely without changing a bit.
 *
 * <p>With weights, the adjoint kernels store their coefficients {@code c_e} in {@code coef[e]} for pass 2
 * ({@link SparseLowerKernels}); without weights pass 2 reads y directly and {@code coef} may be null.
 * The residual kernel stores its {@code c_e} whenever {@code coef} is not null. A diagonal entry (i, i) counts twice in row i's sum: it stands for both halves of
 * {@code (E_ii + E_ii)/2}.
 *
 * <p>The vector kernels use {@link VectorShapes#F64_FOUR_LANES} (see there why the width is fixed).
 * Twins in {@link ScalarKernels}.
 */
public final class SparseUpperKernels {

    private static final VectorSpecies<Double> SPECIES = VectorShapes.F64_FOUR_LANES;
    static final int LANES = SPECIES.length();
    /** Up to 3 vectors and 3 scalars: the rank up to which a row's sums are kept in registers. */
    public static final int MAX_REGISTER_RANK = 3 * LANES + 3;

    private SparseUpperKernels() {
    }

    /** {@code out[e] = w_e (U V^T + V U^T)_ij / 2} for the entries of rows [lo, hi). */
    public static void measure(int lo, int hi, int[] start, int[] cols, double[] w,
                               double[] u, double[] v, int k, double[] out) {
        for (int i = lo; i < hi; i++) {
            int io = i * k;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int jo = cols[e] * k;
                double uv = 0, vu = 0;
                for (int c = 0; c < k; c++) {
                    uv += u[io + c] * v[jo + c];
                    vu += v[io + c] * u[jo + c];
                }
                double we = w == null ? 1.0 : w[e];
                out[e] = we * 0.5 * (uv + vu);
            }
        }
    }

    /**
     * Row i of {@code out} (n x k) = the sum over row i's upper entries of {@code c_e v_j} with
     * {@code c_e = (y_e / 2) w_e}, stored in {@code coef} when weighted (the diagonal twice); {@code acc}
     * is a scratch of k doubles.
     */
    public static void adjoint(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                               double[] y, double[] v, int k, double[] out, double[] acc) {
        if (k == 1) {
            adjointRank1(lo, hi, start, cols, w, coef, y, v, out);
            return;
        }
        for (int i = lo; i < hi; i++) {
            Arrays.fill(acc, 0, k, 0.0);
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cols[e];
                double c = 0.5 * y[e];
                if (w != null) {
                    c *= w[e];
                    coef[e] = c;
                }
                if (j == i) c *= 2;
                int jo = j * k;
                for (int q = 0; q < k; q++) acc[q] = Math.fma(c, v[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, out, i * k, k);
        }
    }

    /** {@link #adjoint} for k = 1 (the Lanczos product {@code A*(y) v}): no inner loop over k. */
    static void adjointRank1(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                             double[] y, double[] v, double[] out) {
        for (int i = lo; i < hi; i++) {
            double oi = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cols[e];
                double c = 0.5 * y[e];
                if (w != null) {
                    c *= w[e];
                    coef[e] = c;
                }
                if (j == i) c *= 2;
                oi = Math.fma(c, v[j], oi);
            }
            out[i] = oi;
        }
    }
}
