package sod.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels of the sparse sensing operator ({@code sod.operators.SparseSymmetricOperator}): m sparse
 * symmetric {@code A_i}, each stored as its upper-triangle entries e = {@code start[i] .. start[i+1]-1},
 * entry e being {@code value[e]} at position {@code slot[e]} of one union pattern (the upper CSR pattern of
 * every position any A_i uses, {@code upperStart}/{@code upperCols}).
 *
 * <p>The factor enters only through the pattern: {@link #gram} forms, once per position,
 * {@code f_s (U V^T + V U^T)_pq / 2} with {@code f_s = 2} off the diagonal (an off-diagonal entry
 * stands for (p, q) and (q, p)) and 1 on it, so {@code <A_i, sym(U V^T)> = sum_e value[e] gram[slot[e]]}
 * ({@link #measure}) costs one gather per stored entry whatever the rank. The adjoint goes the other
 * way: {@link #scatter} sums {@code y_i value[e]} per position, after which {@code A*(y) V} is a product
 * with one sparse symmetric matrix on the pattern (the completion kernels {@link SparseUpperKernels} and
 * {@link SparseLowerKernels} do that part). Sums run in entry order; a measurement is never split.
 *
 * <p>Only {@link #gram} depends on the rank and is vectorised (four lanes, {@link VectorShapes#F64_FOUR_LANES},
 * as the other sparse kernels, reduced {@code (l0 + l1) + (l2 + l3)}); the per-entry passes are gathers
 * and scatters, which no vector unit speeds up. Twin of {@link #gram}: {@link ScalarKernels#sparseSensingGram}.
 */
public final class SparseSensingKernels {

    private static final VectorSpecies<Double> SPECIES = VectorShapes.F64_FOUR_LANES;
    private static final int LANES = SPECIES.length();

    private SparseSensingKernels() {
    }

    /**
     * {@code out[s] = f_s (u_p . v_q + v_p . u_q) / 2} for the positions s = (p, q) of rows [lo, hi) of the
     * pattern ({@code f_s} = 2 off the diagonal, 1 on it; U, V row-major n x k). When {@code u == v} each
     * position costs one dot.
     */
    public static void gram(int lo, int hi, int[] upperStart, int[] upperCols, double[] u, double[] v, int k, double[] out) {
        boolean self = u == v;
        for (int p = lo; p < hi; p++) {
            int po = p * k;
            for (int s = upperStart[p]; s < upperStart[p + 1]; s++) {
                int q = upperCols[s], qo = q * k;
                double uv = dot(u, po, v, qo, k);
                if (q == p) out[s] = uv; // (uv + vu) / 2 with vu = uv exactly (the same products in the same order)
                else out[s] = self ? 2 * uv : uv + dot(v, po, u, qo, k);
            }
        }
    }

    /** {@code a[ao, ao + k) . b[bo, bo + k)}: four lanes of FMAs for k >= 4, reduced in a fixed order, then the tail. */
    static double dot(double[] a, int ao, double[] b, int bo, int k) {
        if (k < LANES) {
            double s = a[ao] * b[bo];
            for (int c = 1; c < k; c++) s = Math.fma(a[ao + c], b[bo + c], s);
            return s;
        }
        int bound = k - k % LANES;
        DoubleVector acc = DoubleVector.fromArray(SPECIES, a, ao).mul(DoubleVector.fromArray(SPECIES, b, bo));
        int c = LANES;
        for (; c < bound; c += LANES)
            acc = DoubleVector.fromArray(SPECIES, a, ao + c).fma(DoubleVector.fromArray(SPECIES, b, bo + c), acc);
        double s = (acc.lane(0) + acc.lane(1)) + (acc.lane(2) + acc.lane(3));
        for (; c < k; c++) s = Math.fma(a[ao + c], b[bo + c], s);
        return s;
    }

    /** {@code out[i] = sum_e value[e] gram[slot[e]]} for measurements [lo, hi). */
    public static void measure(int lo, int hi, long[] start, int[] slot, double[] value, double[] gram, double[] out) {
        for (int i = lo; i < hi; i++) out[i] = measurement(start, slot, value, gram, i);
    }

    private static double measurement(long[] start, int[] slot, double[] value, double[] gram, int i) {
        double s = 0;
        for (int e = (int) start[i], end = (int) start[i + 1]; e < end; e++) s = Math.fma(value[e], gram[slot[e]], s);
        return s;
    }

    /**
     * The fused pass of measurements [lo, hi): {@code residual[i] = sum_e value[e] gram[slot[e]] - b[i]},
     * then, while A_i's entries are still in L1, {@code partial[slot[e]] += c_i value[e]} with
     * {@code c_i = residual[i]}, or {@code sign(residual[i])} when {@code l1}.
     */
    public static void residualAndScatter(int lo, int hi, long[] start, int[] slot, double[] value, double[] gram,
                                          double[] b, double[] residual, boolean l1, double[] partial) {
        for (int i = lo; i < hi; i++) {
            double ri = measurement(start, slot, value, gram, i) - b[i];
            residual[i] = ri;
            double c = l1 ? Math.signum(ri) : ri;
            if (c == 0) continue;
            for (int e = (int) start[i], end = (int) start[i + 1]; e < end; e++) partial[slot[e]] = Math.fma(c, value[e], partial[slot[e]]);
        }
    }

    /** {@code partial[slot[e]] += y[i] value[e]} over the entries of measurements [lo, hi): the positions of {@code A*(y)}. */
    public static void scatter(int lo, int hi, long[] start, int[] slot, double[] value, double[] y, double[] partial) {
        for (int i = lo; i < hi; i++) {
            double c = y[i];
            if (c == 0) continue;
            for (int e = (int) start[i], end = (int) start[i + 1]; e < end; e++) partial[slot[e]] = Math.fma(c, value[e], partial[slot[e]]);
        }
    }
}
