package sod.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Symmetric eigenproblems through LAPACK's MRRR driver {@code dsyevr} (OpenBLAS, FFM). Owns off-heap
 * 64-byte-aligned workspace sized once for matrices up to {@code maxN} (the LAPACK workspace is
 * queried once) and reuses it, so a solver can call it at every escape without allocating. Larger
 * matrices grow the workspace (a one-off allocation).
 *
 * <p>Matrices are row-major {@code double[]} n x n; only symmetry is relied upon (the upper triangle
 * of the row-major array is read as LAPACK's lower triangle in column-major order). Eigenvectors are
 * returned as the columns of a row-major n x k array, each with unit norm and its largest-magnitude
 * component positive (LAPACK's signs are arbitrary). Not thread-safe: one instance per thread.
 */
public final class SymmetricEigen implements AutoCloseable {
    private static final int ALIGN = 64;

    private final Arena arena = Arena.ofShared();
    private int capacity;
    private MemorySegment a, w, z, isuppz, work, iwork, m;
    private int lwork, liwork;

    public SymmetricEigen(int maxN) {
        if (maxN < 1) throw new IllegalArgumentException("maxN must be >= 1, got " + maxN);
        OpenBlas.require();
        m = arena.allocate(JAVA_INT, 1);
        allocate(maxN);
    }

    private void allocate(int n) {
        long nn = (long) n * n;
        a = arena.allocate(nn * Double.BYTES, ALIGN);
        z = arena.allocate(nn * Double.BYTES, ALIGN);
        w = arena.allocate((long) n * Double.BYTES, ALIGN);
        isuppz = arena.allocate(2L * n * Integer.BYTES, ALIGN);
        // Workspace query (lwork = liwork = -1) for the largest job, all eigenpairs with vectors.
        MemorySegment qWork = arena.allocate(Double.BYTES, ALIGN);
        MemorySegment qIwork = arena.allocate(Integer.BYTES, ALIGN);
        int info = call('V', 'A', n, n, 0, 0, qWork, -1, qIwork, -1);
        if (info != 0) throw new IllegalStateException("dsyevr workspace query failed, info=" + info);
        lwork = Math.max((int) qWork.get(JAVA_DOUBLE, 0), 26 * n);
        liwork = Math.max(qIwork.get(JAVA_INT, 0), 10 * n);
        work = arena.allocate((long) lwork * Double.BYTES, ALIGN);
        iwork = arena.allocate((long) liwork * Integer.BYTES, ALIGN);
        capacity = n;
    }

    private int call(char jobz, char range, int n, int lda, int il, int iu, MemorySegment wk, int lw, MemorySegment iwk, int liw) {
        try {
            return (int) Lapack.DSYEVR_WORK.invokeExact(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) 'L', n, a,
                    lda, 0.0, 0.0, il, iu, Double.MIN_NORMAL, m, w, z, n, isuppz, wk, lw, iwk, liw);
        } catch (Throwable t) {
            throw new IllegalStateException("dsyevr call failed", t);
        }
    }

    private void load(double[] matrix, int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        if (matrix.length < n * n) throw new IllegalArgumentException("matrix has " + matrix.length + " entries, needs n*n = " + n * n);
        if (n > capacity) allocate(Math.max(n, capacity + capacity / 2));
        MemorySegment.copy(matrix, 0, a, JAVA_DOUBLE, 0, n * n);
    }

    /** Eigenpairs 1..k (ascending); returns the number found. */
    private int solve(double[] matrix, int n, int k, char range) {
        load(matrix, n);
        int info = call('V', range, n, n, 1, k, work, lwork, iwork, liwork);
        if (info != 0) throw new ArithmeticException("dsyevr did not converge (info=" + info + "); is the matrix finite?");
        return m.get(JAVA_INT, 0);
    }

    /**
     * The smallest eigenvalue of the symmetric matrix {@code matrix} (n x n, unchanged) and its unit
     * eigenvector, written into {@code vector} (length n).
     */
    public double smallest(double[] matrix, int n, double[] vector) {
        solve(matrix, n, 1, 'I');
        copyVector(0, n, vector, 0, 1);
        return w.get(JAVA_DOUBLE, 0);
    }

    /** The k smallest eigenvalues (ascending) and their unit eigenvectors as columns of {@code vectors} (n x k). */
    public void smallest(double[] matrix, int n, int k, double[] values, double[] vectors) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k must be in [1, n], got k=" + k + ", n=" + n);
        solve(matrix, n, k, 'I');
        for (int j = 0; j < k; j++) {
            values[j] = w.getAtIndex(JAVA_DOUBLE, j);
            copyVector(j, n, vectors, j, k);
        }
    }

    /** The full eigendecomposition: ascending values (n) and eigenvectors as columns of {@code vectors} (n x n). */
    public void decompose(double[] matrix, int n, double[] values, double[] vectors) {
        solve(matrix, n, n, 'A');
        for (int j = 0; j < n; j++) {
            values[j] = w.getAtIndex(JAVA_DOUBLE, j);
            copyVector(j, n, vectors, j, n);
        }
    }

    /** Copies column j of LAPACK's z into column {@code col} of a row-major n x stride array, sign-normalised. */
    private void copyVector(int j, int n, double[] out, int col, int stride) {
        long base = (long) j * n;
        int argMax = 0;
        double max = -1;
        for (int i = 0; i < n; i++) {
            double v = Math.abs(z.getAtIndex(JAVA_DOUBLE, base + i));
            if (v > max * (1 + 1e-12)) {
                max = v;
                argMax = i;
            }
        }
        double sign = z.getAtIndex(JAVA_DOUBLE, base + argMax) < 0 ? -1 : 1;
        for (int i = 0; i < n; i++) out[i * stride + col] = sign * z.getAtIndex(JAVA_DOUBLE, base + i);
    }

    @Override
    public void close() {
        arena.close();
    }
}
