package sod.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

/**
 * Dense symmetric linear systems {@code (A + shift I) X = B} through LAPACK (OpenBLAS, FFM): Cholesky
 * ({@code dpotrf} + {@code dpotrs}) for positive definite matrices and Bunch-Kaufman ({@code dsysv})
 * for indefinite ones. Owns off-heap 64-byte-aligned workspace for systems up to {@code maxN} unknowns
 * and {@code maxRhs} right-hand sides, with the {@code dsysv} workspace queried once at construction;
 * a solve copies its input there and allocates nothing.
 *
 * <p>Layout: {@code a} is row-major n x n and only its upper triangle is read (LAPACK's lower triangle
 * in column-major order), so a matrix symmetric up to rounding gives the result of its upper half.
 * {@code a} and {@code b} are never modified. The right-hand sides are stored one after another,
 * {@code b[j * n + i]} being entry i of right-hand side j, and the solutions come back the same way.
 *
 * <p>Failure is a result, not an exception: a matrix that is not numerically positive definite makes
 * {@link #solvePositiveDefinite} return {@link Status#NOT_POSITIVE_DEFINITE}, an exactly singular
 * Bunch-Kaufman factor makes {@link #solveIndefinite} return {@link Status#SINGULAR}; in both cases
 * {@code x} is left untouched and {@link #lastInfo()} holds LAPACK's (1-based) index of the failing
 * pivot. Not thread-safe: one instance per thread.
 */
public final class SymmetricSolver implements AutoCloseable {
    private static final int ALIGN = 64;
    /** LAPACK's uplo for the row-major upper triangle seen column-major. */
    private static final byte LOWER = (byte) 'L';

    /** What a solve did. */
    public enum Status {
        /** Solved by Cholesky: the matrix was positive definite. */
        CHOLESKY,
        /** Solved by the Bunch-Kaufman factorisation (after Cholesky refused, or when asked directly). */
        INDEFINITE,
        /** Cholesky found a non-positive pivot; nothing was solved. */
        NOT_POSITIVE_DEFINITE,
        /** The Bunch-Kaufman block-diagonal factor has an exactly zero pivot; nothing was solved. */
        SINGULAR;

        public boolean solved() {
            return this == CHOLESKY || this == INDEFINITE;
        }
    }

    private final Arena arena = Arena.ofShared();
    private final int maxN, maxRhs;
    private final MemorySegment a, b, ipiv, work;
    private final int lwork;
    private int lastInfo;

    /**
     * @param maxN   largest number of unknowns (>= 1)
     * @param maxRhs largest number of right-hand sides per solve (>= 1)
     */
    public SymmetricSolver(int maxN, int maxRhs) {
        if (maxN < 1) throw new IllegalArgumentException("maxN must be >= 1, got " + maxN);
        if (maxRhs < 1) throw new IllegalArgumentException("maxRhs must be >= 1, got " + maxRhs);
        if ((long) maxN * maxN > Integer.MAX_VALUE)
            throw new IllegalArgumentException("maxN = " + maxN + " is too large for one LAPACK matrix");
        OpenBlas.require();
        this.maxN = maxN;
        this.maxRhs = maxRhs;
        a = arena.allocate((long) maxN * maxN * Double.BYTES, ALIGN);
        b = arena.allocate((long) maxN * maxRhs * Double.BYTES, ALIGN);
        ipiv = arena.allocate((long) maxN * Integer.BYTES, ALIGN);
        // dsysv's optimal lwork is n times its block size; a query for maxN covers every smaller n.
        MemorySegment query = arena.allocate(Double.BYTES, ALIGN);
        int info = dsysv(maxN, maxRhs, query, -1);
        if (info != 0) throw new IllegalStateException("dsysv workspace query failed, info=" + info);
        lwork = Math.max(1, (int) query.get(JAVA_DOUBLE, 0));
        work = arena.allocate((long) lwork * Double.BYTES, ALIGN);
    }

    public int maxN() {
        return maxN;
    }

    /** LAPACK's info of the last solve: 0 on success, else the 1-based index of the failing pivot. */
    public int lastInfo() {
        return lastInfo;
    }

    /** {@link #solve(double[], int, double, double[], int, double[])} with shift 0. */
    public Status solve(double[] matrix, int n, double[] rhs, int nrhs, double[] x) {
        return solve(matrix, n, 0.0, rhs, nrhs, x);
    }

    /**
     * Cholesky, and Bunch-Kaufman when Cholesky finds the shifted matrix not positive definite: the
     * call for a matrix that is usually but not surely positive definite.
     */
    public Status solve(double[] matrix, int n, double shift, double[] rhs, int nrhs, double[] x) {
        Status s = solvePositiveDefinite(matrix, n, shift, rhs, nrhs, x);
        return s == Status.NOT_POSITIVE_DEFINITE ? solveIndefinite(matrix, n, shift, rhs, nrhs, x) : s;
    }

    public Status solvePositiveDefinite(double[] matrix, int n, double[] rhs, int nrhs, double[] x) {
        return solvePositiveDefinite(matrix, n, 0.0, rhs, nrhs, x);
    }

    /** {@code (A + shift I) X = B} by Cholesky; {@link Status#CHOLESKY} or {@link Status#NOT_POSITIVE_DEFINITE}. */
    public Status solvePositiveDefinite(double[] matrix, int n, double shift, double[] rhs, int nrhs, double[] x) {
        load(matrix, n, shift, rhs, nrhs, x);
        try {
            lastInfo = (int) Lapack.Solve.DPOTRF_WORK.invokeExact(Lapack.COL_MAJOR, LOWER, n, a, n);
            if (lastInfo < 0) throw new IllegalStateException("dpotrf rejected argument " + -lastInfo);
            if (lastInfo > 0) return Status.NOT_POSITIVE_DEFINITE;
            int info = (int) Lapack.Solve.DPOTRS_WORK.invokeExact(Lapack.COL_MAJOR, LOWER, n, nrhs, a, n, b, n);
            if (info != 0) throw new IllegalStateException("dpotrs rejected argument " + -info);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("dpotrf/dpotrs call failed", t);
        }
        store(n, nrhs, x);
        return Status.CHOLESKY;
    }

    public Status solveIndefinite(double[] matrix, int n, double[] rhs, int nrhs, double[] x) {
        return solveIndefinite(matrix, n, 0.0, rhs, nrhs, x);
    }

    /** {@code (A + shift I) X = B} by Bunch-Kaufman; {@link Status#INDEFINITE} or {@link Status#SINGULAR}. */
    public Status solveIndefinite(double[] matrix, int n, double shift, double[] rhs, int nrhs, double[] x) {
        load(matrix, n, shift, rhs, nrhs, x);
        lastInfo = dsysv(n, nrhs, work, lwork);
        if (lastInfo < 0) throw new IllegalStateException("dsysv rejected argument " + -lastInfo);
        if (lastInfo > 0) return Status.SINGULAR;
        store(n, nrhs, x);
        return Status.INDEFINITE;
    }

    private int dsysv(int n, int nrhs, MemorySegment workspace, int length) {
        try {
            return (int) Lapack.Solve.DSYSV_WORK.invokeExact(Lapack.COL_MAJOR, LOWER, n, nrhs, a, n, ipiv, b, n,
                    workspace, length);
        } catch (Throwable t) {
            throw new IllegalStateException("dsysv call failed", t);
        }
    }

    private void load(double[] matrix, int n, double shift, double[] rhs, int nrhs, double[] x) {
        if (n < 1 || n > maxN) throw new IllegalArgumentException("n must be in [1, " + maxN + "], got " + n);
        if (nrhs < 1 || nrhs > maxRhs) throw new IllegalArgumentException("nrhs must be in [1, " + maxRhs + "], got " + nrhs);
        if (matrix.length < n * n) throw new IllegalArgumentException("matrix has " + matrix.length + " entries, needs n*n = " + n * n);
        if (rhs.length < n * nrhs || x.length < n * nrhs)
            throw new IllegalArgumentException("rhs and x need n*nrhs = " + n * nrhs + " entries, have " + rhs.length + " and " + x.length);
        MemorySegment.copy(matrix, 0, a, JAVA_DOUBLE, 0, n * n);
        if (shift != 0) {
            for (int i = 0; i < n; i++) {
                long ii = (long) i * n + i;
                a.setAtIndex(JAVA_DOUBLE, ii, a.getAtIndex(JAVA_DOUBLE, ii) + shift);
            }
        }
        MemorySegment.copy(rhs, 0, b, JAVA_DOUBLE, 0, n * nrhs);
    }

    private void store(int n, int nrhs, double[] x) {
        MemorySegment.copy(b, JAVA_DOUBLE, 0, x, 0, n * nrhs);
    }

    @Override
    public void close() {
        arena.close();
    }
}
