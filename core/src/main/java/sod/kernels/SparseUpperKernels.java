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

    /**
     * Residuals {@code res_e = w_e (X X^T)_ij - b_e} of rows [lo, hi) and row i's upper share of the
     * gradient, {@code g_i = sum_e c_e x_j} with {@code c_e = w_e res_e} (stored in {@code coef} unless
     * it is null; the diagonal twice), written once per row; returns {@code sum res_e^2} over the rows.
     * {@code residual} may be null (an objective pass that needs no residual: nothing is written).
     * {@code acc} is a scratch of r doubles (used only where r is too large for registers).
     */
    public static double residual(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                                  double[] x, int r, double[] b, double[] residual, double[] g, double[] acc) {
        if (r == 1) return residualRank1(lo, hi, start, cols, w, coef, x, b, residual, g);
        if (r >= LANES && r <= MAX_REGISTER_RANK) return residualRegisters(lo, hi, start, cols, w, coef, x, r, b, residual, g);
        if (r >= LANES) return residualVector(lo, hi, start, cols, w, coef, x, r, b, residual, g, acc);
        return residualScalar(lo, hi, start, cols, w, coef, x, r, b, residual, g, acc);
    }

    /** {@link #residual} for 1 < r < 4: plain FMA loops, the row sum in {@code acc}. */
    static double residualScalar(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                                 double[] x, int r, double[] b, double[] residual, double[] g, double[] acc) {
        double h = 0;
        for (int i = lo; i < hi; i++) {
            int io = i * r;
            Arrays.fill(acc, 0, r, 0.0);
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cols[e], jo = j * r;
                double dot = 0;
                for (int q = 0; q < r; q++) dot = Math.fma(x[io + q], x[jo + q], dot);
                double we = w == null ? 1.0 : w[e];
                double res = we * dot - b[e];
                if (residual != null) residual[e] = res;
                h += res * res;
                double c = we * res;
                if (coef != null) coef[e] = c;
                if (j == i) c *= 2;
                for (int q = 0; q < r; q++) acc[q] = Math.fma(c, x[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, g, io, r);
        }
        return h;
    }

    /** {@link #residual} for r = 1: the row sum in one scalar. */
    static double residualRank1(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                                double[] x, double[] b, double[] residual, double[] g) {
        double h = 0;
        for (int i = lo; i < hi; i++) {
            double xi = x[i], gi = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                int j = cols[e];
                double xj = x[j];
                double we = w == null ? 1.0 : w[e];
                double res = we * (xi * xj) - b[e];
                if (residual != null) residual[e] = res;
                h += res * res;
                double c = we * res;
                if (coef != null) coef[e] = c;
                if (j == i) c *= 2;
                gi = Math.fma(c, xj, gi);
            }
            g[i] = gi;
        }
        return h;
    }

    /** {@link #residual} for r >= 4: x_i·x_j by 4-lane FMAs reduced in a fixed lane order, the row sum in {@code acc}. */
    static double residualVector(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                                 double[] x, int r, double[] b, double[] residual, double[] g, double[] acc) {
        final int bound = r - r % LANES;
        double h = 0;
        for (int i = lo; i < hi; i++) {
            final int io = i * r;
            Arrays.fill(acc, 0, r, 0.0);
            for (int e = start[i]; e < start[i + 1]; e++) {
                final int j = cols[e], jo = j * r;
                DoubleVector s = DoubleVector.fromArray(SPECIES, x, io).mul(DoubleVector.fromArray(SPECIES, x, jo));
                int q = LANES;
                for (; q < bound; q += LANES)
                    s = DoubleVector.fromArray(SPECIES, x, io + q).fma(DoubleVector.fromArray(SPECIES, x, jo + q), s);
                double dot = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                for (; q < r; q++) dot = Math.fma(x[io + q], x[jo + q], dot);
                double we = w == null ? 1.0 : w[e];
                double res = we * dot - b[e];
                if (residual != null) residual[e] = res;
                h += res * res;
                double c = we * res;
                if (coef != null) coef[e] = c;
                if (j == i) c *= 2;
                DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                for (q = 0; q < bound; q += LANES)
                    DoubleVector.fromArray(SPECIES, x, jo + q).fma(cv, DoubleVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
                for (; q < r; q++) acc[q] = Math.fma(c, x[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, g, io, r);
        }
        return h;
    }

    /**
     * {@link #residualVector} for r up to {@link #MAX_REGISTER_RANK}: x_i and the row sum live in up to
     * three vectors and three scalars (the branches on nv and tail are loop-invariant), so the inner
     * loop touches memory only for x_j, b and the residual. Bitwise equal to {@link #residualVector}.
     */
    static double residualRegisters(int lo, int hi, int[] start, int[] cols, double[] w, double[] coef,
                                    double[] x, int r, double[] b, double[] residual, double[] g) {
        final int nv = r / LANES, tail = r % LANES, tailOffset = nv * LANES;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        double h = 0;
        for (int i = lo; i < hi; i++) {
            final int io = i * r, it = io + tailOffset;
            final DoubleVector xi0 = DoubleVector.fromArray(SPECIES, x, io);
            final DoubleVector xi1 = nv > 1 ? DoubleVector.fromArray(SPECIES, x, io + LANES) : zero;
            final DoubleVector xi2 = nv > 2 ? DoubleVector.fromArray(SPECIES, x, io + 2 * LANES) : zero;
            final double xt0 = tail > 0 ? x[it] : 0, xt1 = tail > 1 ? x[it + 1] : 0, xt2 = tail > 2 ? x[it + 2] : 0;
            DoubleVector a0 = zero, a1 = zero, a2 = zero;
            double t0 = 0, t1 = 0, t2 = 0;
            for (int e = start[i]; e < start[i + 1]; e++) {
                final int j = cols[e], jo = j * r, jt = jo + tailOffset;
                final DoubleVector xj0 = DoubleVector.fromArray(SPECIES, x, jo);
                DoubleVector xj1 = zero, xj2 = zero;
                DoubleVector s = xi0.mul(xj0);
                if (nv > 1) {
                    xj1 = DoubleVector.fromArray(SPECIES, x, jo + LANES);
                    s = xi1.fma(xj1, s);
                    if (nv > 2) {
                        xj2 = DoubleVector.fromArray(SPECIES, x, jo + 2 * LANES);
                        s = xi2.fma(xj2, s);
                    }
                }
                double dot = (s.lane(0) + s.lane(1)) + (s.lane(2) + s.lane(3));
                double yt0 = 0, yt1 = 0, yt2 = 0;
                if (tail > 0) {
                    yt0 = x[jt];
                    dot = Math.fma(xt0, yt0, dot);
                    if (tail > 1) {
                        yt1 = x[jt + 1];
                        dot = Math.fma(xt1, yt1, dot);
                        if (tail > 2) {
                            yt2 = x[jt + 2];
                            dot = Math.fma(xt2, yt2, dot);
                        }
                    }
                }
                double we = w == null ? 1.0 : w[e];
                double res = we * dot - b[e];
                if (residual != null) residual[e] = res;
                h += res * res;
                double c = we * res;
                if (coef != null) coef[e] = c;
                if (j == i) c *= 2;
                DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                a0 = xj0.fma(cv, a0);
                a1 = xj1.fma(cv, a1);
                a2 = xj2.fma(cv, a2);
                t0 = Math.fma(c, yt0, t0);
                t1 = Math.fma(c, yt1, t1);
                t2 = Math.fma(c, yt2, t2);
            }
            a0.intoArray(g, io);
            if (nv > 1) a1.intoArray(g, io + LANES);
            if (nv > 2) a2.intoArray(g, io + 2 * LANES);
            if (tail > 0) g[it] = t0;
            if (tail > 1) g[it + 1] = t1;
            if (tail > 2) g[it + 2] = t2;
        }
        return h;
    }
}
