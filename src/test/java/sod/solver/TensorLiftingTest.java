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
     * The explicit lifted GD from a + rho b at the counterexample's spurious point (l = 3, rho = 0.1,
     * eta = 0.01) leaves the spurious point; its rank-one extraction is a start from which matrix GD
     * reaches the truth (the tensor-free SOD closed form follows this trajectory's 3-term truncation).
     */
    @Test
    void explicitLiftedDescentEscapesTheCounterexample() {
        try (Problem p = Counterexample.create()) {
            TensorLifting lift = new TensorLifting(p, 3);
            double[] a = lift.lift(Counterexample.SPURIOUS_POINT), b = lift.lift(new double[] {1, 0});
            double[] w0 = a.clone();
            for (int i = 0; i < w0.length; i++) w0[i] += 0.1 * b[i];
            double[] w = lift.descend(w0, 0.01, 660);
            assertTrue(lift.loss(w) < lift.loss(a));
            double[] y = lift.rankOne(w, new double[] {1, 1}, 200);
            Result res = new Solver(SolverConfig.builder().method(SolverConfig.Method.GD).step(0.05).maxIterations(20000)
                    .build()).solve(p, y);
            assertEquals(Status.CONVERGED, res.status(), "from " + java.util.Arrays.toString(y));
        }
    }

    @Test
    void refusesTooLargeTensors() {
        try (Problem p = sod.problems.Pmc.create(40, 0.1, 1)) {
            assertThrows(sod.SodInputException.class, () -> new TensorLifting(p, 11));
        }
    }
}
