package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pass 2 of the sparse symmetric operators: kernels over rows {@code [lo, hi)} of the strictly-lower
 * neighbour lists of a pattern ({@code start[i] .. start[i+1]-1} list the columns {@code cols[p] < i},
 * ascending, and {@code entry[p]}, the index of the upper entry (cols[p], i)). Row i gathers the
 * coefficients its neighbours' upper entries produced in pass 1 ({@link SparseUpperKernels}) and adds
 * {@code sum_p c_p v_j} to its own row of the output, so rows can again be split over threads freely.
 * The vector kernels use {@link VectorShapes#F64_FOUR_LANES}. Twins in {@link ScalarKernels}.
 */
public final class SparseLowerKernels {

    private static final VectorSpecies<Double> SPECIES = VectorShapes.F64_FOUR_LANES;
    private static final int LANES = SparseUpperKernels.LANES;

    private SparseLowerKernels() {
    }

    /**
     * Row i of {@code out} (n x k) += {@code sum_p (scale * source[entry[p]]) v_j} over row i's lower
     * list, summed onto the row's current value in list order; {@code acc} is a scratch of k doubles
     * (used only where k is too large for registers).
     */
    public static void gather(int lo, int hi, int[] start, int[] cols, int[] entry, double[] source, double scale,
                              double[] v, int k, double[] out, double[] acc) {
        if (k == 1) gatherRank1(lo, hi, start, cols, entry, source, scale, v, out);
        else if (k >= LANES && k <= SparseUpperKernels.MAX_REGISTER_RANK) gatherRegisters(lo, hi, start, cols, entry, source, scale, v, k, out);
        else if (k >= LANES) gatherVector(lo, hi, start, cols, entry, source, scale, v, k, out, acc);
        else gatherScalar(lo, hi, start, cols, entry, source, scale, v, k, out, acc);
    }

    /** {@link #gather} for k = 1. */
    static void gatherRank1(int lo, int hi, int[] start, int[] cols, int[] entry, double[] source, double scale,
                            double[] v, double[] out) {
        for (int i = lo; i < hi; i++) {
            double gi = out[i];
            for (int p = start[i]; p < start[i + 1]; p++) gi = Math.fma(scale * source[entry[p]], v[cols[p]], gi);
            out[i] = gi;
        }
    }

    /** {@link #gather} for 1 < k < 4: plain FMA loops. */
    static void gatherScalar(int lo, int hi, int[] start, int[] cols, int[] entry, double[] source, double scale,
                             double[] v, int k, double[] out, double[] acc) {
        for (int i = lo; i < hi; i++) {
            int io = i * k;
            if (start[i] == start[i + 1]) continue;
            System.arraycopy(out, io, acc, 0, k);
            for (int p = start[i]; p < start[i + 1]; p++) {
                double c = scale * source[entry[p]];
                int jo = cols[p] * k;
                for (int q = 0; q < k; q++) acc[q] = Math.fma(c, v[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, out, io, k);
        }
    }

    /** {@link #gather} for k >= 4 with the row sum in {@code acc}. */
    static void gatherVector(int lo, int hi, int[] start, int[] cols, int[] entry, double[] source, double scale,
                             double[] v, int k, double[] out, double[] acc) {
        final int bound = k - k % LANES;
        for (int i = lo; i < hi; i++) {
            int io = i * k;
            if (start[i] == start[i + 1]) continue;
            System.arraycopy(out, io, acc, 0, k);
            for (int p = start[i]; p < start[i + 1]; p++) {
                double c = scale * source[entry[p]];
                int jo = cols[p] * k;
                DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                int q = 0;
                for (; q < bound; q += LANES)
                    DoubleVector.fromArray(SPECIES, v, jo + q).fma(cv, DoubleVector.fromArray(SPECIES, acc, q)).intoArray(acc, q);
                for (; q < k; q++) acc[q] = Math.fma(c, v[jo + q], acc[q]);
            }
            System.arraycopy(acc, 0, out, io, k);
        }
    }

    /**
     * {@link #gatherVector} for k up to {@link SparseUpperKernels#MAX_REGISTER_RANK} with the row sum in
     * registers (as in {@link SparseUpperKernels}); bitwise equal to {@link #gatherVector}.
     */
    static void gatherRegisters(int lo, int hi, int[] start, int[] cols, int[] entry, double[] source, double scale,
                                double[] v, int k, double[] out) {
        final int nv = k / LANES, tail = k % LANES, tailOffset = nv * LANES;
        final DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = lo; i < hi; i++) {
            if (start[i] == start[i + 1]) continue;
            final int io = i * k, it = io + tailOffset;
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, out, io);
            DoubleVector a1 = nv > 1 ? DoubleVector.fromArray(SPECIES, out, io + LANES) : zero;
            DoubleVector a2 = nv > 2 ? DoubleVector.fromArray(SPECIES, out, io + 2 * LANES) : zero;
            double t0 = tail > 0 ? out[it] : 0, t1 = tail > 1 ? out[it + 1] : 0, t2 = tail > 2 ? out[it + 2] : 0;
            for (int p = start[i]; p < start[i + 1]; p++) {
                final double c = scale * source[entry[p]];
                final int jo = cols[p] * k, jt = jo + tailOffset;
                final DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
                a0 = DoubleVector.fromArray(SPECIES, v, jo).fma(cv, a0);
                if (nv > 1) {
                    a1 = DoubleVector.fromArray(SPECIES, v, jo + LANES).fma(cv, a1);
                    if (nv > 2) a2 = DoubleVector.fromArray(SPECIES, v, jo + 2 * LANES).fma(cv, a2);
                }
                if (tail > 0) {
                    t0 = Math.fma(c, v[jt], t0);
                    if (tail > 1) {
                        t1 = Math.fma(c, v[jt + 1], t1);
                        if (tail > 2) t2 = Math.fma(c, v[jt + 2], t2);
                    }
                }
            }
            a0.intoArray(out, io);
            if (nv > 1) a1.intoArray(out, io + LANES);
            if (nv > 2) a2.intoArray(out, io + 2 * LANES);
            if (tail > 0) out[it] = t0;
            if (tail > 1) out[it + 1] = t1;
            if (tail > 2) out[it + 2] = t2;
        }
    }

    /**
     * {@code lowerCoef[p] = (y_e / 2) w_e} for {@code e = entry[p]} and every lower position p of rows
     * [lo, hi) (the rounding of {@link SparseUpperKernels#adjoint}): y rearranged once into lower-list
     * order, so that {@link #adjointRank1} reads it sequentially.
     */
    public static void gatherCoefficients(int lo, int hi, int[] start, int[] entry, double[] w, double[] y,
                                          double[] lowerCoef) {
        for (int p = start[lo]; p < start[hi]; p++) {
            int e = entry[p];
            double c = 0.5 * y[e];
            if (w != null) c *= w[e];
            lowerCoef[p] = c;
        }
    }

    /**
     * {@code out_i = (A*(y) v)_i} for k = 1 in one pass over rows [lo, hi): row i's upper entries (as in
     * {@link SparseUpperKernels#adjoint}) then its lower list from {@code lowerCoef}
     * ({@link #gatherCoefficients}); bitwise equal to the two passes {@link SparseUpperKernels#adjoint}
     * and {@link #gather}.
     */
    public static void adjointRank1(int lo, int hi, int[] upperStart, int[] upperCols, double[] w, double[] y,
                                    int[] lowerStart, int[] lowerCols, double[] lowerCoef, double[] v, double[] out) {
        for (int i = lo; i < hi; i++) {
            double oi = 0;
            for (int e = upperStart[i]; e < upperStart[i + 1]; e++) {
                int j = upperCols[e];
                double c = 0.5 * y[e];
                if (w != null) c *= w[e];
                if (j == i) c *= 2;
                oi = Math.fma(c, v[j], oi);
            }
            for (int p = lowerStart[i]; p < lowerStart[i + 1]; p++) oi = Math.fma(lowerCoef[p], v[lowerCols[p]], oi);
            out[i] = oi;
        }
    }
}
