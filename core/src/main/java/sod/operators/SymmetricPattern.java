package sod.operators;

import java.util.Arrays;
import sod.SodInputException;

/**
 * The sparsity pattern of a symmetric n x n matrix, stored so that the thread owning a row can walk
 * all of it without scattered writes: the upper triangle in CSR order (entry e is the e-th pair
 * (i, j >= i), row by row, j ascending) and, for every row i, its strictly-lower neighbours j &lt; i,
 * ascending, each with the index of its upper entry (j, i). That is 12 bytes of indices per entry
 * (plus 4 per row). Pass 1 of a product walks row i's upper list ({@code sod.kernels.SparseUpperKernels}),
 * pass 2 its lower list ({@code sod.kernels.SparseLowerKernels}).
 *
 * <p>{@link #upperOnly} leaves the lower lists out (null) for kernels that visit each pair once.
 *
 * <p>Immutable after construction; the arrays are shared with the kernels, never modified.
 */
final class SymmetricPattern {

    final int n;
    /** {@code upperStart[i] .. upperStart[i+1]-1} are the entries (i, j >= i), j ascending. */
    final int[] upperStart;
    final int[] upperCols;
    /** {@code lowerStart[i] .. lowerStart[i+1]-1} list (j, entry of (j, i)) for j < i, j ascending. */
    final int[] lowerStart;
    final int[] lowerCols;
    final int[] lowerEntry;

    private SymmetricPattern(int n, int[] upperStart, int[] upperCols, int[] lowerStart, int[] lowerCols, int[] lowerEntry) {
        this.n = n;
        this.upperStart = upperStart;
        this.upperCols = upperCols;
        this.lowerStart = lowerStart;
        this.lowerCols = lowerCols;
        this.lowerEntry = lowerEntry;
    }

    /**
     * The pattern of an upper triangle in CSR form (taking ownership of the arrays), with the lower
     * lists derived from it. Error messages start with {@code what} ("sparse completion operator") and
     * name {@code normaliser} (a method that sorts arbitrary input) where the order is wrong.
     *
     * @param rowStart length n + 1, nondecreasing, from 0 to {@code cols.length}
     * @param cols     column of each entry: {@code i <= cols[e] < n}, strictly increasing in a row
     */
    static SymmetricPattern fromUpperCsr(int n, int[] rowStart, int[] cols, String what, String normaliser) {
        int[] lowerStart = checkedLowerStarts(n, rowStart, cols, what, normaliser);
        int lowerSize = lowerStart[n];
        int[] lowerCols = new int[lowerSize], lowerEntry = new int[lowerSize];
        int[] fill = Arrays.copyOf(lowerStart, n);
        // Walking the entries in (i, j) order fills every lower row with ascending i.
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                int j = cols[e];
                if (j > i) {
                    int p = fill[j]++;
                    lowerCols[p] = i;
                    lowerEntry[p] = e;
                }
            }
        }
        return new SymmetricPattern(n, rowStart, cols, lowerStart, lowerCols, lowerEntry);
    }

    /**
     * The same checks as {@link #fromUpperCsr} and the lower lists' row starts (so {@link #work} and
     * {@link #lowerSize} hold), but no lower lists: for kernels that visit each pair once from its upper
     * entry. {@link #lowerCols} and {@link #lowerEntry} are null.
     */
    static SymmetricPattern upperOnly(int n, int[] rowStart, int[] cols, String what, String normaliser) {
        return new SymmetricPattern(n, rowStart, cols, checkedLowerStarts(n, rowStart, cols, what, normaliser), null, null);
    }

    /** Checks an upper triangle in CSR form; returns the row starts (length n + 1) of its strictly-lower lists. */
    private static int[] checkedLowerStarts(int n, int[] rowStart, int[] cols, String what, String normaliser) {
        if (cols == null || rowStart == null || rowStart.length != n + 1 || rowStart[0] != 0 || rowStart[n] != cols.length)
            throw new SodInputException(what + ": row starts must have n + 1 = " + (n + 1L)
                    + " entries from 0 to the number of observations");
        for (int i = 0; i < n; i++) {
            if (rowStart[i + 1] < rowStart[i])
                throw new SodInputException(what + ": row starts decrease at row " + i);
        }
        int[] lowerStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int previous = i - 1;
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                int j = cols[e];
                if (j < i || j >= n)
                    throw new SodInputException(what + ": observation " + e + " at (" + i + ", " + j
                            + ") must satisfy 0 <= i <= j < n = " + n + "; use " + normaliser + " to normalise");
                if (j <= previous)
                    throw new SodInputException(what + ": observation " + e + " at (" + i + ", " + j
                            + ") is out of (i, j) order or repeated; use " + normaliser);
                previous = j;
                if (j > i) lowerStart[j + 1]++;
            }
        }
        for (int i = 0; i < n; i++) lowerStart[i + 1] += lowerStart[i];
        return lowerStart;
    }

    /**
     * Row starts (length n + 1) of entries given by their row indices, which must be nondecreasing
     * (messages as in {@link #fromUpperCsr}).
     */
    static int[] rowStartsFromRows(int n, int[] rows, int[] cols, String what, String normaliser) {
        if (rows == null || cols == null || rows.length != cols.length)
            throw new SodInputException(what + ": row and column index arrays must have equal length");
        int[] start = new int[n + 1];
        int previous = 0;
        for (int e = 0; e < rows.length; e++) {
            int i = rows[e];
            if (i < 0 || i >= n)
                throw new SodInputException(what + ": observation " + e + " has row " + i + " outside 0.." + (n - 1));
            if (i < previous)
                throw new SodInputException(what + ": observation " + e + " at (" + i + ", " + cols[e]
                        + ") is out of (i, j) order; use " + normaliser);
            previous = i;
            start[i + 1]++;
        }
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        return start;
    }

    /** Number of upper entries (diagonal included). */
    int size() {
        return upperCols.length;
    }

    /** Number of strictly-lower list entries (the off-diagonal upper entries). */
    int lowerSize() {
        return lowerStart[n];
    }

    /** Row index of upper entry e (a binary search over the row starts). */
    int row(int e) {
        if (e < 0 || e >= size()) throw new IndexOutOfBoundsException(e);
        int lo = 0, hi = n - 1;
        while (lo < hi) { // largest i with upperStart[i] <= e
            int mid = (lo + hi + 1) >>> 1;
            if (upperStart[mid] <= e) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** Rows plus upper and lower list entries of rows [lo, hi): the work of a pass over them. */
    long work(int lo, int hi) {
        return (long) (hi - lo) + (upperStart[hi] - upperStart[lo]) + (lowerStart[hi] - lowerStart[lo]);
    }

    /** Bytes of the index arrays (three without the lower lists, five with them). */
    long indexBytes() {
        long lists = lowerCols == null ? 0 : lowerCols.length + lowerEntry.length;
        return 4L * (upperStart.length + upperCols.length + lowerStart.length + lists);
    }
}
