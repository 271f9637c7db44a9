package sod.solver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sod.SodInputException;
import sod.openblas.ReferenceSolve;

class ConjugateGradientTest {
    private static final int N = 60;

    private static double[] shifted(double[] a, int n, double mu) {
        double[] s = a.clone();
        for (int i = 0; i < n; i++) s[i * n + i] += mu;
        return s;
    }

    /** The error of a solve stopped at relative residual tol is at most condition * tol (relative). */
    @ParameterizedTest
    @ValueSource(doubles = {10, 1e6})
    void cgMatchesTheDenseSolveOnPositiveDefiniteSystems(double condition) {
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(N, condition), 3);
        double[] rhs = ReferenceSolve.gaussian(N, new SplittableRandom(4));
        ConjugateGradient cg = new ConjugateGradient(N);
        JacobiPreconditioner jacobi = new JacobiPreconditioner(N);
        double tol = 1e-12;
        for (double mu : new double[] {0, 1e-3}) {
            double[] expected = ReferenceSolve.solve(shifted(a, N, mu), N, rhs);
            double[] diagonal = new double[N];
            for (int i = 0; i < N; i++) diagonal[i] = a[i * N + i];
            jacobi.set(diagonal, N, mu);
            for (Preconditioner m : new Preconditioner[] {Preconditioner.IDENTITY, jacobi}) {
                double[] d = new double[N];
                CgOutcome out = cg.solve(new DenseMap(a, N), mu, m, rhs, d, tol, 20 * N);
                assertEquals(CgOutcome.Stop.CONVERGED, out.stop(), out.toString());
                assertTrue(out.relativeResidual() <= tol);
                    double[] ad = ReferenceSolve.times(shifted(a, N, mu), N, d);
                double trueResidual = 0;
                for (int i = 0; i < N; i++) trueResidual += (rhs[i] - ad[i]) * (rhs[i] - ad[i]);
                // The recurrence drifts from the true residual by rounding amplified by at most the condition number.
                double drift = 100 * Math.ulp(1.0) * condition;
                assertTrue(Math.sqrt(trueResidual) / ReferenceSolve.norm(rhs) <= tol + drift,
                        "true relative residual " + Math.sqrt(trueResidual) / ReferenceSolve.norm(rhs));
                assertClose(expected, d, 10 * condition * tol, "cg vs dense, condition " + condition + ", mu " + mu);
            }
        }
    }

    @Test
    void theErrorInTheMatrixNormDecreasesEveryIteration() {
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(N, 1e4), 5);
        double[] rhs = ReferenceSolve.gaussian(N, new SplittableRandom(6));
        double[] exact = ReferenceSolve.solve(a, N, rhs);
        DenseMap map = new DenseMap(a, N);
        ConjugateGradient cg = new ConjugateGradient(N);
        double previous = Math.sqrt(map.quadratic(exact)); // the error of d = 0
        for (int k = 1; k <= 40; k++) {
            double[] d = new double[N];
            CgOutcome out = cg.solve(map, 0, Preconditioner.IDENTITY, rhs, d, 0, k); // the k-th iterate
            assertEquals(CgOutcome.Stop.ITERATION_CAP, out.stop());
            assertEquals(k, out.iterations());
            double[] e = d.clone();
            for (int i = 0; i < N; i++) e[i] -= exact[i];
            double errorNorm = Math.sqrt(map.quadratic(e));
            assertTrue(errorNorm < previous, "iteration " + k + ": ||e||_B " + errorNorm + " after " + previous);
            previous = errorNorm;
        }
    }

    @Test
    void jacobiRepairsABadlyScaledSystem() {
        // B = S A S with A well conditioned and S a wild diagonal: Jacobi undoes most of S.
        int n = 40;
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, 4), 7);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = Math.pow(10, 3.0 * i / (n - 1));
        double[] b = new double[n * n], diagonal = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i * n + j] = s[i] * a[i * n + j] * s[j];
        for (int i = 0; i < n; i++) diagonal[i] = b[i * n + i];
        double[] rhs = ReferenceSolve.gaussian(n, new SplittableRandom(9)), d = new double[n];
        ConjugateGradient cg = new ConjugateGradient(n);
        JacobiPreconditioner jacobi = new JacobiPreconditioner(n);
        jacobi.set(diagonal, n, 0);
        int plain = cg.solve(new DenseMap(b, n), 0, Preconditioner.IDENTITY, rhs, d, 1e-10, 50 * n).iterations();
        CgOutcome pre = cg.solve(new DenseMap(b, n), 0, jacobi, rhs, d, 1e-10, 50 * n);
        assertEquals(CgOutcome.Stop.CONVERGED, pre.stop());
        assertTrue(pre.iterations() * 2 < plain, "jacobi " + pre.iterations() + " vs plain " + plain + " iterations");
        assertClose(ReferenceSolve.solve(b, n, rhs), d, 1e-6, "preconditioned solution");
    }

    @Test
    void stopsAreReported() {
        ConjugateGradient cg = new ConjugateGradient(3);
        double[] d = {5, 5, 5};
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        CgOutcome zero = cg.solve(new DenseMap(identity, 3), 0, Preconditioner.IDENTITY, new double[3], d, 1e-8, 10);
        assertEquals(CgOutcome.Stop.ZERO_RIGHT_HAND_SIDE, zero.stop());
        assertEquals(0, zero.iterations());
        assertClose(new double[3], d, 0, "zero solution");

        double[] negative = {-1, 0, 0, 0, -2, 0, 0, 0, 3};
        CgOutcome indefinite = cg.solve(new DenseMap(negative, 3), 0, Preconditioner.IDENTITY, new double[] {1, 1, 0}, d, 1e-8, 10);
        assertEquals(CgOutcome.Stop.NOT_POSITIVE_DEFINITE, indefinite.stop());

        double[] ill = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(3, 1e8), 1);
        CgOutcome capped = cg.solve(new DenseMap(ill, 3), 0, Preconditioner.IDENTITY, new double[] {1, 2, 3}, d, 1e-14, 1);
        assertEquals(CgOutcome.Stop.ITERATION_CAP, capped.stop());
        assertTrue(capped.relativeResidual() > 1e-14);
    }

    @Test
    void badInputGetsOneLine() {
        ConjugateGradient cg = new ConjugateGradient(2);
        DenseMap map = new DenseMap(new double[] {1, 0, 0, 1}, 2);
        double[] rhs = {1, 1}, d = new double[2];
        String budget = assertThrows(SodInputException.class,
                () -> cg.solve(map, 0, Preconditioner.IDENTITY, rhs, d, 0.1, 0)).getMessage();
        assertTrue(budget.contains("budget") && budget.contains(">= 1"), budget);
        String mu = assertThrows(SodInputException.class,
                () -> cg.solve(map, -1, Preconditioner.IDENTITY, rhs, d, 0.1, 5)).getMessage();
        assertTrue(mu.contains("mu"), mu);
        assertThrows(SodInputException.class, () -> cg.solve(map, 0, Preconditioner.IDENTITY, rhs, d, 1, 5));
        for (String message : new String[] {budget, mu}) assertTrue(!message.contains("\n"));
    }

    @Test
    void solvingAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 8;
        double[] a = ReferenceSolve.withSpectrum(ReferenceSolve.spectrum(n, 100), 2), diagonal = new double[n];
        for (int i = 0; i < n; i++) diagonal[i] = a[i * n + i];
        DenseMap map = new DenseMap(a, n);
        double[] rhs = ReferenceSolve.gaussian(n, new SplittableRandom(1)), d = new double[n];
        ConjugateGradient cg = new ConjugateGradient(n);
        JacobiPreconditioner jacobi = new JacobiPreconditioner(n);
        SteihaugCg steihaug = new SteihaugCg(n);
        Runnable work = () -> {
            jacobi.set(diagonal, n, 0.1);
            cg.solve(map, 0.1, jacobi, rhs, d, 1e-10, 100);
            steihaug.solve(map, rhs, 0.5, 1e-10, 100, d);
        };
        for (int warm = 0; warm < 20000; warm++) work.run();
        long id = Thread.currentThread().threadId(), bytes = Long.MAX_VALUE;
        for (int window = 0; window < 5 && bytes >= 2048; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int rep = 0; rep < 2000; rep++) work.run();
            bytes = threads.getThreadAllocatedBytes(id) - before;
        }
        assertTrue(bytes < 2048, "2000 rounds allocated " + bytes + " bytes");
    }
}
