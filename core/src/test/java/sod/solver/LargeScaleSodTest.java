package sod.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.operators.SensingOperator;
import sod.problems.Completion;
import sod.problems.Problem;
import sod.solver.SolverConfig.Method;
import sod.solver.spectral.Lanczos;

/**
 * The SOD check without dense n x n work: the Lanczos path against the dense LAPACK path, and a
 * guarantee that above the crossover nothing forms A*(y).
 */
class LargeScaleSodTest {

    /** Delegates everything but {@link #adjoint}, which fails: proves a code path is matrix-free. */
    static final class NoDenseAdjoint implements SensingOperator {
        final SensingOperator inner;
        int adjointTimesCalls;

        NoDenseAdjoint(SensingOperator inner) {
            this.inner = inner;
        }

        @Override public int n() { return inner.n(); }
        @Override public int m() { return inner.m(); }
        @Override public int threads() { return inner.threads(); }
        @Override public void measure(double[] u, double[] v, int k, double[] out) { inner.measure(u, v, k, out); }

        @Override
        public void adjointTimes(double[] y, double[] v, int k, double[] out) {
            adjointTimesCalls++;
            inner.adjointTimes(y, v, k, out);
        }

        @Override
        public void adjoint(double[] y, double[] g) {
            throw new AssertionError("A*(y) formed densely at n = " + inner.n());
        }

        @Override
        public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
            return inner.residualAndGradient(x, r, b, residual, grad);
        }

        @Override public long bytesPerIteration(int r) { return inner.bytesPerIteration(r); }
        @Override public double flopsPerIteration(int r) { return inner.flopsPerIteration(r); }
        @Override public void close() { inner.close(); }
    }

    private static SolverConfig config() {
        return SolverConfig.builder().method(Method.SOD).maxIterations(60).maxEscapes(1).delta(0.5).seed(3).build();
    }

    /** An escape attempt right at a small random X0, where G ~ -A*(b) has strongly negative eigenvalues. */
    private static Result escapeAtStart(Problem p, int lanczosMinN) {
        double[] x0 = new double[p.n() * p.rank()];
        Solver.initialPoint(1e-3, 5, x0, x0.length);
        try (Solver s = new Solver(config())) {
            s.lanczosMinN(lanczosMinN);
            Result result = s.resume(p, new Solver.Checkpoint(x0, 0, Double.NaN, 0), null);
            if (lanczosMinN <= p.n()) {
                Lanczos.Outcome o = s.lastEigenOutcome();
                assertNotNull(o);
                assertTrue(o.converged(), o.toString());
                assertTrue(o.residual() <= 1e-7 * Math.abs(o.value()), o.toString());
            } else {
                assertNull(s.lastEigenOutcome());
            }
            return result;
        }
    }

    /**
     * At n = 300 the Lanczos path and the dense path give the same SOD quantities (lambda_min(G),
     * sigma_r, d via NCM/AIC/EFS) and the same escape; the rest of the run follows.
     */
    @Test
    void lanczosPathAgreesWithTheDensePathOnCompletion() {
        try (Problem p = Completion.create(300, 3, 12000, Completion.Sampling.uniform(), 0.0, 11, 1)) {
            Result dense = escapeAtStart(p, Integer.MAX_VALUE);
            Result lanczos = escapeAtStart(p, 1);
            Escape e = dense.escapes().get(0), f = lanczos.escapes().get(0);
            assertTrue(e.lambdaMin() < 0, e.toString());
            assertTrue(e.kind().accepted(), e.toString());
            assertEquals(e.kind(), f.kind());
            assertEquals(e.lambdaMin(), f.lambdaMin(), 1e-9 * Math.abs(e.lambdaMin()), "lambda_min(G)");
            assertEquals(e.sigmaR(), f.sigmaR(), 1e-12 * e.sigmaR(), "sigma_r");
            assertEquals(e.ncm(), f.ncm(), 1e-8 * Math.abs(e.ncm()), "NCM");
            assertEquals(e.aic(), f.aic(), 1e-6 * Math.max(Math.abs(e.aic()), 1e-12), "AIC (d^2)");
            assertEquals(e.efs(), f.efs(), 1e-6 * Math.abs(e.efs()), "EFS");
            assertEquals(e.hAfter(), f.hAfter(), 1e-6 * e.hBefore(), "h after the escape");
            assertEquals(dense.iterations(), lanczos.iterations());
            assertEquals(dense.h(), lanczos.h(), 1e-6 * e.hBefore(), "h at the end");
        }
    }

    /** Above the crossover the whole SOD run (checks, candidates, probes) never forms A*(y) densely. */
    @Test
    void aboveTheCrossoverNothingIsFormedDensely() {
        try (Problem base = Completion.create(400, 2, 16000, Completion.Sampling.uniform(), 0.0, 12, 1)) {
            NoDenseAdjoint guarded = new NoDenseAdjoint(base.operator());
            Problem p = new Problem(base.name(), guarded, base.b(), base.rank(), base.truth(), base.truthRank());
            Result dense = escapeAtStart(base, Integer.MAX_VALUE);
            int before = guarded.adjointTimesCalls;
            Result matrixFree = escapeAtStart(p, 400);
            assertTrue(guarded.adjointTimesCalls - before > 10, "G v products went through adjointTimes");
            assertFalse(matrixFree.escapes().isEmpty());
            assertEquals(dense.escapes().get(0).lambdaMin(), matrixFree.escapes().get(0).lambdaMin(),
                    1e-9 * Math.abs(dense.escapes().get(0).lambdaMin()));
        }
    }

    /** The default crossover: sparse completion from n = 500, dense-like operators from n = 2000. */
    @Test
    void defaultCrossoverPutsSparseCompletionOnTheMatrixFreePath() {
        assertFalse(sod.solver.spectral.SmallestEigen.usesLanczos(300, 30000));
        assertTrue(sod.solver.spectral.SmallestEigen.usesLanczos(600, 60000));
        assertFalse(sod.solver.spectral.SmallestEigen.usesLanczos(1000, 1000000)); // PMC: m = n^2
        assertTrue(sod.solver.spectral.SmallestEigen.usesLanczos(2000, 4000000));
        try (Problem base = Completion.create(600, 2, 60000, Completion.Sampling.uniform(), 0.0, 13, 2)) {
            NoDenseAdjoint guarded = new NoDenseAdjoint(base.operator());
            Problem p = new Problem(base.name(), guarded, base.b(), base.rank(), base.truth(), base.truthRank());
            double[] x0 = new double[p.n() * p.rank()];
            Solver.initialPoint(1e-3, 5, x0, x0.length);
            try (Solver s = new Solver(config(), p)) { // workspace sized up front: no n x n either
                Result result = s.resume(p, new Solver.Checkpoint(x0, 0, Double.NaN, 0), null);
                assertTrue(result.escapes().get(0).kind().accepted(), result.escapes().toString());
                assertNotNull(s.lastEigenOutcome());
            }
        }
    }
}
