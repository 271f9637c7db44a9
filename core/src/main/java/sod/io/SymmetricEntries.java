package sod.io;

import java.util.Arrays;

import sod.SodInputException;

/**
 * The observed entries of a symmetric n x n matrix, one per unordered pair: 0-based, {@code row <= col},
 * sorted by (row, col), no repeats. Made by {@link MatrixMarket#readSymmetricEntries} from a file that
 * may list either triangle or both (as {@code scipy.io.mmwrite(..., symmetry='general')} writes a
 * symmetric matrix); arrays are shared, not copied.
 */
public record SymmetricEntries(int n, int[] row, int[] col, double[] value) {
    /**
     * @throws IllegalArgumentException if lengths differ, an index is out of range or below the
     *                                  diagonal, entries are not strictly increasing, or a value is not finite
     */
    public SymmetricEntries {
        if (n < 0 || row.length != col.length || row.length != value.length) {
            throw new IllegalArgumentException("n = " + n + " with array lengths " + row.length + ", " + col.length
                    + ", " + value.length);
        }
        for (int k = 0; k < row.length; k++) {
            if (row[k] < 0 || row[k] > col[k] || col[k] >= n || !Double.isFinite(value[k])) {
                throw new IllegalArgumentException("entry " + k + " (" + row[k] + ", " + col[k] + ") = " + value[k]
                        + " is not a finite upper-triangle entry of a " + n + " x " + n + " matrix");
            }
            if (k > 0 && (row[k] < row[k - 1] || (row[k] == row[k - 1] && col[k] <= col[k - 1]))) {
                throw new IllegalArgumentException("entry " + k + " (" + row[k] + ", " + col[k]
                        + ") does not come after entry " + (k - 1));
            }
        }
    }

    /** Number of distinct pairs. */
    public int size() {
        return row.length;
    }

    /** CSR row offsets of the entries: those of row i are {@code [rowStart[i], rowStart[i+1])}. */
    public int[] rowStart() {
        int[] start = new int[n + 1];
        for (int r : row) {
            start[r + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        return start;
    }

    /**
     * Normalises every entry to the upper triangle, sorts, and merges a pair given as both (i, j) and
     * (j, i) when the values agree within {@code relativeTolerance} of the larger magnitude (the
     * first listed wins); any disagreement names both lines.
     */
    static SymmetricEntries merge(MatrixMarket.Numbered file, double relativeTolerance) {
        if (!(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + relativeTolerance);
        }
        MatrixMarket.Coordinates c = file.coordinates();
        if (c.rows() != c.cols()) {
            throw MatrixMarket.failAt(file.path(), file.sizeLine(), "declares a " + c.rows() + " x " + c.cols()
                    + " matrix, but the entries of a symmetric matrix must form a square one");
        }
        int n = c.rows();
        int nnz = c.nnz();
        int[] rowStart = new int[n + 1];
        for (int k = 0; k < nnz; k++) {
            rowStart[Math.min(c.row()[k], c.col()[k]) + 1]++;
        }
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        // (upper column << 32 | entry index), grouped by upper row, then sorted within each row:
        // a mirror pair becomes adjacent, the earlier line first.
        long[] order = new long[nnz];
        int[] fill = Arrays.copyOf(rowStart, n);
        for (int k = 0; k < nnz; k++) {
            int i = Math.min(c.row()[k], c.col()[k]);
            int j = Math.max(c.row()[k], c.col()[k]);
            order[fill[i]++] = ((long) j << 32) | k;
        }
        fill = null;
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            Arrays.sort(order, rowStart[i], rowStart[i + 1]);
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                boolean repeat = p > rowStart[i] && (order[p] >>> 32) == (order[p - 1] >>> 32);
                if (repeat) {
                    checkMirror(file, (int) order[p - 1], (int) order[p], relativeTolerance);
                } else {
                    distinct++;
                }
            }
        }
        int[] row = new int[distinct];
        int[] col = new int[distinct];
        double[] value = new double[distinct];
        int out = 0;
        for (int i = 0; i < n; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                if (p > rowStart[i] && (order[p] >>> 32) == (order[p - 1] >>> 32)) {
                    continue;
                }
                row[out] = i;
                col[out] = (int) (order[p] >>> 32);
                value[out] = c.value()[(int) order[p]];
                out++;
            }
        }
        return new SymmetricEntries(n, row, col, value);
    }

    private static void checkMirror(MatrixMarket.Numbered file, int first, int second, double tolerance) {
        MatrixMarket.Coordinates c = file.coordinates();
        double a = c.value()[first];
        double b = c.value()[second];
        if (Math.abs(a - b) > tolerance * Math.max(Math.abs(a), Math.abs(b))) {
            throw MatrixMarket.failAt(file.path(), file.lines().lineOf(second), "has entry (" + (c.row()[second] + 1)
                    + ", " + (c.col()[second] + 1) + ") = " + b + ", which disagrees with its mirror ("
                    + (c.row()[first] + 1) + ", " + (c.col()[first] + 1) + ") = " + a + " on line "
                    + file.lines().lineOf(first) + "; a symmetric matrix needs equal mirrored entries: fix one of the two lines");
        }
    }
}
