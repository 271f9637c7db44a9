package sod.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sod.openblas.SymmetricSolver.Status;

class SymmetricSolverTest {
    /** Condition number of the test matrices: solution errors are about condition * eps ~ 1e-13. */
    private static final double CONDITION = 1e3;
    /** Two backward-stable solves of a system with condition 1e3 agree to ~cond * n * eps; 1e-10 leaves room. */
    private static final double SOLUTION_AGREEMENT = 1e-10;
    /** Backward error ||A x - b|| / (||A|| ||x|| + ||b||) of a stable factorisation: a modest multiple of eps. */
    private static final double BACKWARD_ERROR = 1e-14;

    private static SymmetricSolver solver;

    @BeforeAll
    static void open() {
        solver = new SymmetricSolver(200, 3); // one instance reused across sizes and kinds
    }

    @AfterAll
    static void close() {
        solver.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 200})
    void choleskyMatchesTheReferenceOnPositiveDefiniteSystems(int n) {
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, CONDITION), 11 + n);
        double[] b = ReferenceSolve.gaussian(n, new SplittableRandom(n));
        double[] aBefore = a.clone(), bBefore = b.clone(), x = new double[n];
        assertEquals(Status.CHOLESKY, solver.solvePositiveDefinite(a, n, b, 1, x));
        assertEquals(0, solver.lastInfo());
        assertClose(ReferenceSolve.solve(a, n, b), x, SOLUTION_AGREEMENT, "Cholesky solution n=" + n);
        assertTrue(ReferenceSolve.relativeResidual(a, n, x, b) < BACKWARD_ERROR, "backward error n=" + n);
        assertArrayEquals(aBefore, a, "matrix unchanged");
        assertArrayEquals(bBefore, b, "right-hand side unchanged");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 64, 200})
    void indefiniteSystemsFallBackToBunchKaufman(int n) {
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, CONDITION, 1, -1, 1), 29 + n);
        double[] b = ReferenceSolve.gaussian(n, new SplittableRandom(100 + n));
        double[] x = new double[n];
        double[] untouched = x.clone();
        assertEquals(Status.NOT_POSITIVE_DEFINITE, solver.solvePositiveDefinite(a, n, b, 1, x));
        assertTrue(solver.lastInfo() >= 1 && solver.lastInfo() <= n, "info names the failing minor: " + solver.lastInfo());
        assertArrayEquals(untouched, x, "a refused solve leaves x alone");

        assertEquals(Status.INDEFINITE, solver.solve(a, n, b, 1, x));
        assertClose(ReferenceSolve.solve(a, n, b), x, SOLUTION_AGREEMENT, "Bunch-Kaufman solution n=" + n);
        assertTrue(ReferenceSolve.relativeResidual(a, n, x, b) < BACKWARD_ERROR, "backward error n=" + n);

        double[] direct = new double[n];
        assertEquals(Status.INDEFINITE, solver.solveIndefinite(a, n, b, 1, direct));
        assertArrayEquals(x, direct, "the fallback is the direct dsysv solve");
    }

    @Test
    void aNegativeOneByOneIsNotPositiveDefiniteButSolvable() {
        double[] x = new double[1];
        assertEquals(Status.INDEFINITE, solver.solve(new double[] {-4}, 1, new double[] {2}, 1, x));
        assertEquals(-0.5, x[0], 0.0);
    }

    @Test
    void singularMatricesAreReportedNotSolved() {
        double[] ones = {1, 1, 1, 1}; // rank one: the second pivot is exactly 0 in both factorisations
        double[] b = {1, 2}, x = {7, 7};
        assertEquals(Status.NOT_POSITIVE_DEFINITE, solver.solvePositiveDefinite(ones, 2, b, 1, x));
        assertEquals(2, solver.lastInfo());
        assertEquals(Status.SINGULAR, solver.solve(ones, 2, b, 1, x));
        assertEquals(2, solver.lastInfo());
        assertArrayEquals(new double[] {7, 7}, x, "x untouched");

        assertEquals(Status.SINGULAR, solver.solveIndefinite(new double[9], 3, new double[3], 1, new double[3]));
        assertEquals(1, solver.lastInfo());
    }

    @Test
    void theShiftIsAddedToTheDiagonal() {
        int n = 7;
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, 10, 1, -1), 5); // eigenvalues in [-1, 1]
        double shift = 1.5;
        double[] shifted = a.clone();
        for (int i = 0; i < n; i++) shifted[i * n + i] += shift;
        double[] b = ReferenceSolve.gaussian(n, new SplittableRandom(3)), x = new double[n];
        assertEquals(Status.CHOLESKY, solver.solve(a, n, shift, b, 1, x), "A + 1.5 I is positive definite");
        assertClose(ReferenceSolve.solve(shifted, n, b), x, SOLUTION_AGREEMENT, "shifted solve");
        assertEquals(Status.INDEFINITE, solver.solve(a, n, 0.5, b, 1, x), "A + 0.5 I is not");
        double[] half = a.clone();
        for (int i = 0; i < n; i++) half[i * n + i] += 0.5;
        assertClose(ReferenceSolve.solve(half, n, b), x, SOLUTION_AGREEMENT, "shifted indefinite solve");
    }

    @Test
    void severalRightHandSidesAreSolvedTogether() {
        int n = 64, nrhs = 3;
        for (int[] signs : new int[][] {{1}, {1, -1}}) {
            double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, CONDITION, signs), 77);
            double[] b = ReferenceSolve.gaussian(n * nrhs, new SplittableRandom(8)), x = new double[n * nrhs];
            assertTrue(solver.solve(a, n, b, nrhs, x).solved());
            for (int j = 0; j < nrhs; j++) {
                double[] bj = java.util.Arrays.copyOfRange(b, j * n, (j + 1) * n);
                double[] xj = java.util.Arrays.copyOfRange(x, j * n, (j + 1) * n);
                assertClose(ReferenceSolve.solve(a, n, bj), xj, SOLUTION_AGREEMENT, "right-hand side " + j);
            }
        }
    }

    @Test
    void onlyTheUpperTriangleIsRead() {
        int n = 7;
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, CONDITION), 3);
        double[] garbled = a.clone();
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) garbled[i * n + j] = 1e6 * (i + j);
        double[] b = ReferenceSolve.gaussian(n, new SplittableRandom(1)), x = new double[n], y = new double[n];
        assertEquals(Status.CHOLESKY, solver.solve(a, n, b, 1, x));
        assertEquals(Status.CHOLESKY, solver.solve(garbled, n, b, 1, y));
        assertArrayEquals(x, y);
    }

    @Test
    void sizesBeyondTheWorkspaceAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[201 * 201], 201, new double[201], 1, new double[201]));
        assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[4], 2, new double[8], 4, new double[8]));
    }

    @Test
    void solvesAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 3;
        double[] spd = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, 10), 1);
        double[] indefinite = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, 10, 1, -1), 1);
        double[] b = {1, 2, 3}, x = new double[n];
        for (int warm = 0; warm < 20000; warm++) {
            solver.solve(spd, n, b, 1, x);
            solver.solve(indefinite, n, 0.1, b, 1, x);
        }
        long id = Thread.currentThread().threadId();
        long bytes = Long.MAX_VALUE;
        for (int window = 0; window < 5 && bytes >= 2048; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int rep = 0; rep < 2000; rep++) {
                solver.solve(spd, n, b, 1, x);
                solver.solve(indefinite, n, 0.1, b, 1, x);
            }
            bytes = threads.getThreadAllocatedBytes(id) - before;
        }
        assertTrue(bytes < 2048, "4000 solves allocated " + bytes + " bytes");
    }
}
