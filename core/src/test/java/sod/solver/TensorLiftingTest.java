package sod.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.problems.Counterexample;
import sod.problems.Problem;
import sod.solver.Result.Status;

class TensorLiftingTest {

    @Test
    void liftedLossOfALiftedPointIsThePowerLoss() {
        try (Problem p = DenseTestOperator.pmc(3, 0.3)) {
            for (int l : new int[] {1, 3, 5}) {
                TensorLifting lift = new TensorLifting(p, l);
                double[] x = {0.4, -1.1, 0.7};
                double[] ax = new double[p.m()];
                p.operator().measure(x, x, 1, ax);
                double expected = 0;
                for (int i = 0; i < p.m(); i++) {
                    double d = Math.pow(ax[i], l) - Math.pow(p.b()[i], l);
                    expected += 0.5 * d * d;
                }
                assertEquals(expected, lift.loss(lift.lift(x)), 1e-12 * Math.max(1, expected), "l=" + l);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (Problem p = Counterexample.create()) {
            TensorLifting lift = new TensorLifting(p, 3);
            SplittableRandom rnd = new SplittableRandom(2);
            double[] w = new double[lift.size()], g = new double[lift.size()];
            for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian();
            lift.lossAndGradient(w, g);
            for (int k = 0; k < w.length; k++) {
                double e = 1e-6;
                double[] wp = w.clone(), wm = w.clone();
                wp[k] += e;
                wm[k] -= e;
                double fd = (lift.loss(wp) - lift.loss(wm)) / (2 * e);
                assertEquals(fd, g[k], 1e-6 * Math.max(1, Math.abs(fd)));
            }
        }
    }

    @Test
    void rankOneExtractionInvertsTheLift() {
        try (Problem p = DenseTestOperator.pmc(3, 0.3)) {
            TensorLifting lift = new TensorLifting(p, 5);
            double[] x = {-0.9, 0.2, 1.3};
            double[] y = lift.rankOne(lift.lift(x), new double[] {1, 1, 1}, 50);
            for (int i = 0; i < 3; i++) assertEquals(x[i], y[i], 1e-10);
        }
    }

    /**
     * The explicit lifted problem against the tensor-free closed form at the counterexample's spurious
     * point: the escape direction u_n comes from G's eigenproblem (not from the truth); explicit lifted
     * GD from a + rho b (l = 3, rho = 0.1, eta = 0.01, 660 steps) lowers the lifted loss, and its rank-one
     * extraction points the same way as the closed form's beta-type point at t = 660 (spec section 6:
     * (1.1736, 0)); matrix GD from either reaches the truth.
     */
    @Test
    void explicitLiftedDescentAndTheClosedFormEscapeTheSameWay() {
        try (Problem p = Counterexample.create(); var eigen = new sod.openblas.SymmetricEigen(2)) {
            double[] xHat = Counterexample.SPURIOUS_POINT.clone();
            double[] residual = new double[p.m()], g = new double[4], u = new double[2];
            p.operator().measure(xHat, xHat, 1, residual);
            for (int i = 0; i < p.m(); i++) residual[i] -= p.b()[i];
            p.operator().adjoint(residual, g);
            double lambda = eigen.smallest(g, 2, u);
            assertEquals(-0.75, lambda, 1e-12);

            TensorLifting lift = new TensorLifting(p, 3);
            double[] a = lift.lift(xHat), b = lift.lift(u);
            double[] w0 = a.clone();
            for (int i = 0; i < w0.length; i++) w0[i] += 0.1 * b[i];
            double[] w = lift.descend(w0, 0.01, 660);
            assertTrue(lift.loss(w) < lift.loss(a), "the explicit lift leaves the spurious point");
            double[] y = lift.rankOne(w, new double[] {1, 1}, 200);

            double sigma = Math.sqrt(xHat[0] * xHat[0] + xHat[1] * xHat[1]);
            LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
            LiftedClosedForm.evaluate(lambda, sigma, sigma, 1.5 * sigma, 3, 0.1, 0.01, 660, t);
            assertEquals(LiftedClosedForm.Dominant.BETA, t.dominant);
            double[] closed = {t.coefficient() * u[0], t.coefficient() * u[1]};
            assertEquals(1.1736, Math.abs(closed[0]), 5e-5);
            double cos = Math.abs(y[0] * closed[0] + y[1] * closed[1])
                    / (Math.hypot(y[0], y[1]) * Math.hypot(closed[0], closed[1]));
            assertTrue(cos > 0.99, "same escape direction: cos " + cos + " between " + java.util.Arrays.toString(y)
                    + " and " + java.util.Arrays.toString(closed));
            for (double[] start : new double[][] {y, closed}) {
                Result res = new Solver(SolverConfig.builder().method(SolverConfig.Method.GD).step(0.05).maxIterations(20000)
                        .build()).solve(p, start);
                assertEquals(Status.CONVERGED, res.status(), "from " + java.util.Arrays.toString(start));
                assertTrue(res.distance() < 1e-9, "to the truth from " + java.util.Arrays.toString(start));
            }
        }
    }

    @Test
    void refusesTooLargeTensors() {
        try (Problem p = sod.problems.Pmc.create(40, 0.1, 1)) {
            assertThrows(sod.SodInputException.class, () -> new TensorLifting(p, 11));
        }
    }
}
