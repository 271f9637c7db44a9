package sod.operators;

import java.util.Arrays;
import sod.SodInputException;

/**
 * The rows of the Jacobian of {@code X -> A(X X^T)} for sparse sensing matrices, one measurement at a
 * time: row i is {@code 2 vec(A_i X)}, and {@code A_i X} has at most twice as many nonzero rows as A_i has
 * stored entries. A Levenberg-Marquardt step forms {@code J^T W J = 4 sum_i w_i vec(A_i X) vec(A_i X)^T}
 * from them in O(sum_i (k_i r)^2) work instead of the n r operator passes of the generic path. Reads the
 * operator's storage (not copied) and changes nothing, so several users may share one instance.
 */
public final class SparseJacobianRows {
    private final int n, m;
    private final long[] start;
    private final int[] slot;
    private final double[] value;
    private final int[] upperCols;
    /** Row p of each position of the pattern. */
    private final int[] positionRow;

    SparseJacobianRows(int n, int m, long[] start, int[] slot, double[] value, SymmetricPattern pattern) {
        this.n = n;
        this.m = m;
        this.start = start;
        this.slot = slot;
        this.value = value;
        this.upperCols = pattern.upperCols;
        positionRow = new int[pattern.size()];
        for (int p = 0; p < n; p++) {
            for (int t = pattern.upperStart[p]; t < pattern.upperStart[p + 1]; t++) positionRow[t] = p;
        }
    }

    /** Stored entries of A_i: {@link #productRows} returns at most twice as many rows. */
    public int entries(int i) {
        return (int) (start[i + 1] - start[i]);
    }

    /**
     * The nonzero rows of {@code A_i X} (X n x r row-major): their row indices go to {@code rows[0..k)} in
     * first-touch order and the rows, packed, to {@code out[0..k r)}; returns k. {@code mark} is an n-long
     * workspace the caller owns, all -1 on entry and left so on return. Sequential, in a fixed order.
     *
     * @throws SodInputException if i is not a measurement index or an array is too short
     */
    public int productRows(int i, double[] x, int r, int[] rows, double[] out, int[] mark) {
        if (i < 0 || i >= m) throw new SodInputException("sparse Jacobian: measurement " + i + " outside 0.." + (m - 1));
        if (x == null || x.length < (long) n * r || mark == null || mark.length < n) {
            throw new SodInputException("sparse Jacobian: productRows needs X of n * r = " + n + " * " + r + " entries and an n-long mark");
        }
        int k = 0;
        for (long e = start[i]; e < start[i + 1]; e++) {
            int s = slot[(int) e];
            int q = upperCols[s], p = positionRow[s];
            double a = value[(int) e];
            k = addRow(p, a, x, q, r, rows, out, mark, k);
            if (p != q) k = addRow(q, a, x, p, r, rows, out, mark, k);
        }
        for (int j = 0; j < k; j++) mark[rows[j]] = -1;
        return k;
    }

    /** {@code (A_i X)[row] += a X[from]}, opening the row on its first touch. */
    private static int addRow(int row, double a, double[] x, int from, int r, int[] rows, double[] out, int[] mark, int k) {
        int at = mark[row];
        if (at < 0) {
            at = k++;
            mark[row] = at;
            rows[at] = row;
            Arrays.fill(out, at * r, at * r + r, 0.0);
        }
        for (int c = 0; c < r; c++) out[at * r + c] = Math.fma(a, x[from * r + c], out[at * r + c]);
        return k;
    }
}
