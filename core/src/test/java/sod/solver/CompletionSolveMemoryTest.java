package sod.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sod.operators.Objective;
import sod.operators.SensingOperator;
import sod.problems.Completion;
import sod.problems.Problem;
import sod.solver.SolverConfig.Method;

/**
 * What a completion solve holds at scale: a plain GD run never asks for the m-length residual (its
 * evaluations are the objective's h and gradient), so nothing m-long is allocated beyond the problem's own
 * b; and the result's X is the solver's trial buffer handed over, not a copy beside it, without changing a bit.
 */
class CompletionSolveMemoryTest {

    /** Counts the residuals asked of an operator: through its objective, or its fused pass with a residual. */
    private static final class ResidualCounter implements SensingOperator {
        private final SensingOperator inner;
        int residuals;

        ResidualCounter(SensingOperator inner) {
            this.inner = inner;
        }

        @Override public int n() { return inner.n(); }
        @Override public int m() { return inner.m(); }
        @Override public int threads() { return inner.threads(); }
        @Override public void measure(double[] u, double[] v, int k, double[] out) { inner.measure(u, v, k, out); }
        @Override public void adjointTimes(double[] y, double[] v, int k, double[] out) { inner.adjointTimes(y, v, k, out); }
        @Override public void adjoint(double[] y, double[] g) { inner.adjoint(y, g); }
        @Override public long bytesPerIteration(int r) { return inner.bytesPerIteration(r); }
        @Override public double flopsPerIteration(int r) { return inner.flopsPerIteration(r); }
        @Override public void close() { inner.close(); }

        @Override
        public double residualAndGradient(double[] x, int r, double[] b, double[] residual, double[] grad) {
            residuals++;
            return inner.residualAndGradient(x, r, b, residual, grad);
        }

        @Override
        public Objective objective(double[] b) {
            Objective own = inner.objective(b);
            ResidualCounter outer = this;
            return new Objective() {
                @Override public SensingOperator operator() { return outer; }
                @Override public double[] b() { return own.b(); }
                @Override public Objective bind(double[] b) { own.bind(b); return this; }
                @Override public double lossAndGradient(double[] x, int r, double[] grad) { return own.lossAndGradient(x, r, grad); }

                @Override
                public void residual(double[] x, int r, double[] out) {
                    residuals++;
                    own.residual(x, r, out);
                }
            };
        }
    }

    private static Problem counted(Problem p, ResidualCounter counter) {
        return new Problem(p.name(), counter, p.b(), p.rank(), p.truth(), p.truthRank());
    }

    @Test
    void gradientDescentOnCompletionNeverFormsTheResidual() {
        for (boolean keepTruth : new boolean[]{false, true}) {
            try (Problem plain = Completion.create(3000, 3, 60000, Completion.Sampling.uniform(), 0.0, 5, 2, keepTruth)) {
                ResidualCounter counter = new ResidualCounter(plain.operator());
                Problem p = counted(plain, counter);
                SolverConfig gd = SolverConfig.builder().method(Method.GD).step(0.5).initScale(1 / Math.sqrt(3000.0))
                        .maxIterations(40).build();
                Result counted;
                try (Solver solver = new Solver(gd)) {
                    counted = solver.solve(p);
                }
                assertEquals(40, counted.iterations());
                assertEquals(0, counter.residuals, "GD asked for the m-length residual");
                Result direct = new Solver(gd).solve(plain);
                assertArrayEquals(direct.x(), counted.x());
                // the counter sees a method that does need the residual (Levenberg-Marquardt's Gauss-Newton system)
                SolverConfig lm = gd.toBuilder().local(SolverConfig.LocalMethod.LM).maxIterations(2).build();
                try (Solver solver = new Solver(lm)) {
                    solver.solve(p);
                }
                assertTrue(counter.residuals > 0, "the counter never counts");
            }
        }
    }

    private static double[] start(int length, double scale, long seed) {
        double[] x = new double[length];
        Solver.initialPoint(scale, seed, x, length);
        return x;
    }

    /** The result takes the trial buffer: the same bits as before, and a later solve neither aliases nor changes it. */
    @Test
    void resultsOwnTheirXAcrossSolves() {
        try (Problem p = Completion.create(400, 2, 6000, Completion.Sampling.uniform(), 0.0, 8, 1)) {
            SolverConfig gd = SolverConfig.builder().method(Method.GD).step(0.5).maxIterations(25).build();
            try (Solver reused = new Solver(gd)) {
                Result first = reused.solve(p);
                double[] firstX = first.x().clone(), current = new double[400 * 2];
                reused.currentX(current);
                assertArrayEquals(current, first.x());
                Result second = reused.solve(p, start(400 * 2, 0.3, 9));
                Result third = reused.solve(p);
                assertNotSame(first.x(), third.x());
                assertNotSame(second.x(), third.x());
                assertArrayEquals(firstX, first.x(), "a later solve wrote into an earlier result");
                assertArrayEquals(firstX, third.x(), "a reused solver gives another result");
                try (Solver fresh = new Solver(gd)) {
                    assertArrayEquals(fresh.solve(p, start(400 * 2, 0.3, 9)).x(), second.x());
                }
            }
        }
    }
}
