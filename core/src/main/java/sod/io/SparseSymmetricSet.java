package sod.io;

import java.nio.file.Path;
import java.util.Locale;

import sod.SodInputException;

/**
 * m sparse symmetric n x n matrices A_0..A_{m-1}, measurement-major: the stored entries of A_i are
 * {@code [start[i], start[i+1])}, each {@code (row[k], col[k], value[k])} with {@code row <= col} (the
 * upper triangle with the diagonal), sorted by (row, col), no position twice. An off-diagonal entry
 * stands for both (p, q) and (q, p), so it counts twice in {@code <A_i, M>}. 16 bytes per stored entry.
 * Arrays are shared, not copied (records compare them by reference).
 *
 * <p>Read from files as SciPy users have them: {@link ScipySparseNpz} ({@code scipy.sparse.save_npz} of
 * an m x n^2 matrix whose row i is vec(A_i), row-major) and {@link MatrixMarketSensing} (the same matrix
 * as Matrix Market coordinates); {@link #read} picks by the file name.
 */
public record SparseSymmetricSet(int n, int m, long[] start, int[] row, int[] col, double[] value) {
    /**
     * Checks every invariant above (O(nnz)).
     *
     * @throws IllegalArgumentException if one does not hold
     */
    public SparseSymmetricSet {
        if (n < 1 || m < 0 || start.length != m + 1 || start[0] != 0 || start[m] != row.length
                || col.length != row.length || value.length != row.length) {
            throw new IllegalArgumentException("inconsistent sizes: n = " + n + ", m = " + m + ", start of length "
                    + start.length + ", " + row.length + "/" + col.length + "/" + value.length + " entries");
        }
        for (int i = 0; i < m; i++) {
            if (start[i + 1] < start[i]) {
                throw new IllegalArgumentException("start[" + (i + 1) + "] < start[" + i + "]");
            }
            for (long k = start[i]; k < start[i + 1]; k++) {
                int e = (int) k;
                if (row[e] < 0 || row[e] > col[e] || col[e] >= n || !Double.isFinite(value[e])) {
                    throw new IllegalArgumentException("measurement " + i + ", entry " + e + " (" + row[e] + ", " + col[e]
                            + ") = " + value[e] + " is not a finite upper-triangle entry of an " + n + " x " + n + " matrix");
                }
                if (k > start[i] && (row[e] < row[e - 1] || (row[e] == row[e - 1] && col[e] <= col[e - 1]))) {
                    throw new IllegalArgumentException("measurement " + i + ", entry " + e + " (" + row[e] + ", "
                            + col[e] + ") does not come after (" + row[e - 1] + ", " + col[e - 1] + ")");
                }
            }
        }
    }

    /** Number of stored entries. */
    public long nnz() {
        return row.length;
    }

    /** Number of stored entries of A_i. */
    public int entries(int i) {
        return (int) (start[i + 1] - start[i]);
    }

    /**
     * Reads {@code .npz} ({@link ScipySparseNpz}) or {@code .mtx} ({@link MatrixMarketSensing}).
     *
     * @param symmetrise store (A_i + A_i^T)/2 instead of requiring equal mirrored entries
     */
    public static SparseSymmetricSet read(Path path, boolean symmetrise) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return ScipySparseNpz.read(path, symmetrise);
        }
        if (name.endsWith(".mtx")) {
            return MatrixMarketSensing.read(path, symmetrise);
        }
        throw new SodInputException(path + ": is neither .npz (scipy.sparse.save_npz) nor .mtx (Matrix Market); "
                + "save the m x n^2 sensing matrix in one of those formats");
    }
}
