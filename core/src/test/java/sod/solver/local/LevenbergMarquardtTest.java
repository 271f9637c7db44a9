package sod.solver.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sod.SodInputException;
import sod.openblas.ReferenceSolve;
import sod.operators.ExplicitOperator;
import sod.problems.GaussianSensing;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.local.LevenbergMarquardtResult.Status;
import sod.testing.JacobiReference;

class LevenbergMarquardtTest {
    /** Paths by their dense threshold: everything dense, everything CG. */
    private static final int DENSE = Integer.MAX_VALUE, CG = 0;

    /** ||X X^T - Z Z^T||_F. */
    static double error(double[] x, double[] z, int n, int r) {
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int c = 0; c < r; c++) v += x[i * r + c] * x[j * r + c] - z[i * r + c] * z[j * r + c];
                s += v * v;
            }
        return Math.sqrt(s);
    }

    static double[] near(double[] z, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = z.clone();
        for (int e = 0; e < x.length; e++) x[e] += scale * random.nextGaussian();
        return x;
    }

    static double[] small(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[size];
        for (int e = 0; e < size; e++) x[e] = 1e-3 * random.nextGaussian();
        return x;
    }

    static LevenbergMarquardtSettings settings(int denseMaxUnknowns, double tolerance) {
        return LevenbergMarquardtSettings.defaults().withDenseMaxUnknowns(denseMaxUnknowns).withRelativeResidualTolerance(tolerance);
    }

    /** Errors of the start and of every accepted iterate. */
    static List<Double> errorsAlongTheRun(Problem p, int r, double[] x0, LevenbergMarquardtSettings s) {
        List<Double> errors = new ArrayList<>();
        errors.add(error(x0, p.truth(), p.n(), r));
        try (LevenbergMarquardt lm = new LevenbergMarquardt(p.operator(), p.b(), r, null, s)) {
            LevenbergMarquardtResult result = lm.solve(x0, (k, system, step, accepted) -> {
                if (accepted) errors.add(error(system.point(), p.truth(), p.n(), r));
            });
            assertEquals(Status.RESIDUAL_TOLERANCE, result.status(), result.toString());
        }
        return errors;
    }

    /** max e_{k+1} / e_k^2 over the steps whose result is still above rounding (1e-13). */
    static double worstQuadraticRatio(List<Double> errors) {
        double worst = 0;
        for (int k = 0; k + 1 < errors.size(); k++)
            if (errors.get(k + 1) > 1e-13) worst = Math.max(worst, errors.get(k + 1) / (errors.get(k) * errors.get(k)));
        return worst;
    }

    @ParameterizedTest(name = "dense threshold {0}")
    @ValueSource(ints = {DENSE, CG})
    void convergenceNearASolutionIsQuadraticAndGradientDescentsIsNot(int path) {
        int n = 10, r = 2;
        try (Problem p = GaussianSensing.create(n, 120, r, 3, 1, false)) {
            List<Double> errors = errorsAlongTheRun(p, r, near(p.truth(), 0.05, 1), settings(path, 1e-15));
            assertTrue(errors.size() >= 4, "enough steps to see the rate: " + errors);
            assertTrue(errors.getLast() < 1e-13, "machine precision reached: " + errors);
            double lm = worstQuadraticRatio(errors);
            assertTrue(lm < 5, "LM e_{k+1}/e_k^2 stays bounded: " + lm + " along " + errors);

            // Gradient descent with step 1/lambda_max(J^T J) at the solution from the same start: linear, so
            // the same ratio grows like 1/e_k.
            GaussNewtonSystem system = new GaussNewtonSystem(p.operator(), p.b(), r, null);
            system.setPoint(p.truth());
            int size = n * r;
            double[] dense = new double[size * size];
            system.dense(dense);
            double step = 1 / JacobiReference.eigenvalues(dense, size)[size - 1];
            double[] x = near(p.truth(), 0.05, 1);
            List<Double> gd = new ArrayList<>(List.of(error(x, p.truth(), n, r)));
            for (int k = 0; k < 300; k++) {
                system.setPoint(x);
                for (int e = 0; e < size; e++) x[e] -= step * system.gradient()[e];
                gd.add(error(x, p.truth(), n, r));
            }
            assertTrue(gd.getLast() < gd.getFirst(), "GD converges, slowly: " + gd.getLast());
            assertTrue(worstQuadraticRatio(gd) > 1000 * lm, "GD's ratio grows: " + worstQuadraticRatio(gd));
        }
    }

    @ParameterizedTest(name = "dense threshold {0}")
    @ValueSource(ints = {DENSE, CG})
    void convergesFromASmallStart(int path) {
        int n = 20, m = 100;
        for (int r : new int[] {2, 3}) {
            for (long seed = 1; seed <= 3; seed++) {
                try (Problem p = GaussianSensing.create(n, m, r, seed, 1, false);
                     LevenbergMarquardt lm = new LevenbergMarquardt(p.operator(), p.b(), r, null, settings(path, 1e-8))) {
                    LevenbergMarquardtResult result = lm.solve(small(n * r, seed));
                    String what = "r=" + r + " seed=" + seed + ": " + result.status() + " after " + result.iterations();
                    assertEquals(Status.RESIDUAL_TOLERANCE, result.status(), what);
                    assertTrue(result.relativeResidual() <= 1e-8, what);
                    assertTrue(result.iterations() <= 60, what);
                    assertEquals(path == DENSE, result.densePath());
                    assertTrue(error(result.x(), p.truth(), n, r) < 1e-6, what + ", error " + error(result.x(), p.truth(), n, r));
                }
            }
        }
    }

    @ParameterizedTest(name = "dense threshold {0}")
    @ValueSource(ints = {DENSE, CG})
    void theStepPredictsTheModelDecreaseAndHasNoGaugeComponent(int path) {
        int n = 8, r = 3, size = n * r;
        try (Problem p = GaussianSensing.create(n, 80, r, 2, 1, false)) {
            GaussNewtonSystem system = new GaussNewtonSystem(p.operator(), p.b(), r, null);
            double[] x = near(p.truth(), 0.3, 4);
            system.setPoint(x);
            double[] dense = new double[size * size];
            system.dense(dense);
            LevenbergMarquardtSettings s = settings(path, 1e-10);
            try (LevenbergMarquardtStep step = new LevenbergMarquardtStep(system, s)) {
                step.start();
                double predicted = step.propose();
                double[] d = step.step(), g = system.gradient();
                double model = ReferenceSolve.dot(g, d) + 0.5 * ReferenceSolve.dot(d, ReferenceSolve.times(dense, size, d));
                assertTrue(predicted > 0);
                assertClose(-model, predicted, path == DENSE ? 1e-10 : 1e-6, 0, "predicted decrease");
                // The step solves (B + mu I) d = -g, to the path's accuracy.
                double[] shifted = dense.clone();
                for (int i = 0; i < size; i++) shifted[i * size + i] += step.lastMu();
                double[] minusG = g.clone();
                for (int i = 0; i < size; i++) minusG[i] = -g[i];
                if (path == DENSE) {
                    assertClose(ReferenceSolve.solve(shifted, size, minusG), d, 1e-9, "damped step");
                } else { // CG stops at the forcing term's relative residual (etaMax = 0.5 at the first point)
                    double[] sd = ReferenceSolve.times(shifted, size, d);
                    for (int i = 0; i < size; i++) sd[i] -= minusG[i];
                    double eta = ((MatrixFreeDampedSolver) step.solver()).tolerance();
                    assertEquals(s.forcingMax(), eta, 0.0);
                    assertTrue(ReferenceSolve.norm(sd) <= eta * ReferenceSolve.norm(g) * (1 + 1e-9),
                            "CG residual " + ReferenceSolve.norm(sd) / ReferenceSolve.norm(g));
                }
                // No gauge component: <d, X Omega> = 0 for all skew Omega, i.e. X^T d is symmetric.
                double asymmetry = 0, scale = 0;
                for (int a = 0; a < r; a++)
                    for (int c = 0; c < r; c++) {
                        double xd = 0;
                        for (int i = 0; i < n; i++) xd += x[i * r + a] * d[i * r + c];
                        scale = Math.max(scale, Math.abs(xd));
                        double dx = 0;
                        for (int i = 0; i < n; i++) dx += d[i * r + a] * x[i * r + c];
                        asymmetry = Math.max(asymmetry, Math.abs(xd - dx));
                    }
                assertTrue(asymmetry <= 1e-10 * scale, "X^T D asymmetry " + asymmetry + " of " + scale);
            }
        }
    }

    @Test
    void weightedRunsFollowTheScaledUnweightedProblem() {
        int n = 5, m = 40, r = 2;
        SplittableRandom random = new SplittableRandom(5);
        double[][] matrices = new double[m][], scaled = new double[m][];
        double[] w = new double[m], z = ReferenceSolve.gaussian(n * r, random);
        for (int i = 0; i < m; i++) {
            double[] a = ReferenceSolve.gaussian(n * n, random);
            for (int p = 0; p < n; p++) for (int q = 0; q < p; q++) a[p * n + q] = a[q * n + p];
            matrices[i] = a;
            w[i] = 0.1 + 3 * random.nextDouble();
            scaled[i] = a.clone();
            for (int e = 0; e < n * n; e++) scaled[i][e] *= Math.sqrt(w[i]);
        }
        try (ExplicitOperator op = new ExplicitOperator(n, matrices); ExplicitOperator sop = new ExplicitOperator(n, scaled)) {
            double[] b = new double[m], sb = new double[m];
            op.measure(z, z, r, b);
            for (int i = 0; i < m; i++) sb[i] = Math.sqrt(w[i]) * b[i];
            double[] x0 = small(n * r, 2);
            List<double[]> weightedPath = new ArrayList<>(), scaledPath = new ArrayList<>();
            LevenbergMarquardtSettings s = settings(DENSE, 1e-12);
            try (LevenbergMarquardt weighted = new LevenbergMarquardt(op, b, r, w, s);
                 LevenbergMarquardt plain = new LevenbergMarquardt(sop, sb, r, null, s)) {
                LevenbergMarquardtResult rw = weighted.solve(x0, (k, sys, st, acc) -> weightedPath.add(sys.point().clone()));
                LevenbergMarquardtResult rp = plain.solve(x0, (k, sys, st, acc) -> scaledPath.add(sys.point().clone()));
                assertEquals(Status.RESIDUAL_TOLERANCE, rw.status());
                assertEquals(rp.iterations(), rw.iterations());
                for (int k = 0; k < Math.min(8, weightedPath.size()); k++)
                    assertClose(scaledPath.get(k), weightedPath.get(k), 1e-9, "iterate " + k);
                assertTrue(error(rw.x(), z, n, r) < 1e-8, "the weighted run recovers the truth");
            }
        }
    }

    @Test
    void pmcIsSolvedFromTheTruthNeighbourhood() {
        try (Problem p = Pmc.create(12, 0.15, 1);
             LevenbergMarquardt lm = new LevenbergMarquardt(p.operator(), p.b(), 1, null, settings(DENSE, 1e-12))) {
            LevenbergMarquardtResult result = lm.solve(near(p.truth(), 0.05, 3));
            assertEquals(Status.RESIDUAL_TOLERANCE, result.status());
            assertTrue(error(result.x(), p.truth(), 12, 1) < 1e-10);
        }
    }

    @Test
    void stopsAreReported() {
        try (Problem p = GaussianSensing.create(6, 40, 2, 1, 1, false);
             LevenbergMarquardt lm = new LevenbergMarquardt(p.operator(), p.b(), 2, null,
                     settings(DENSE, 1e-12).withMaxIterations(2))) {
            LevenbergMarquardtResult budget = lm.solve(small(12, 1));
            assertEquals(Status.ITERATION_BUDGET, budget.status());
            assertEquals(2, budget.iterations());
            // X = 0 is a stationary point (a saddle): the gradient is exactly 0, and LM has nothing to do there.
            LevenbergMarquardtResult saddle = lm.solve(new double[12]);
            assertEquals(Status.GRADIENT_TOLERANCE, saddle.status());
            assertEquals(0, saddle.iterations());
        }
    }

    @Test
    void badInputGetsOneLine() {
        LevenbergMarquardtSettings d = LevenbergMarquardtSettings.defaults();
        String mu = assertThrows(SodInputException.class, () -> d.withInitialDamping(0)).getMessage();
        assertTrue(mu.contains("mu") && mu.contains("> 0"), mu);
        assertThrows(SodInputException.class, () -> d.withInitialDamping(-1));
        String cg = assertThrows(SodInputException.class, () -> d.withCgMaxIterations(0)).getMessage();
        assertTrue(cg.contains("CG budget"), cg);
        try (Problem p = GaussianSensing.create(4, 10, 1, 1, 1, false)) {
            double[] w = new double[10];
            w[3] = -0.5;
            String weight = assertThrows(SodInputException.class,
                    () -> new LevenbergMarquardt(p.operator(), p.b(), 1, w, d)).getMessage();
            assertTrue(weight.contains("weight 3"), weight);
            for (String message : new String[] {mu, cg, weight}) assertTrue(!message.contains("\n"), message);
        }
    }

    /**
     * A small consistent problem on the scalar {@link ExplicitOperator}: the allocation test is about this
     * package's code, not about when C2 finishes compiling an operator's vector kernels (before it does,
     * the Vector API boxes, which shows up here as allocation).
     */
    static ExplicitOperator explicitGaussian(int n, int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] matrices = new double[m][];
        for (int i = 0; i < m; i++) {
            double[] a = ReferenceSolve.gaussian(n * n, random);
            for (int p = 0; p < n; p++) for (int q = 0; q < p; q++) a[p * n + q] = a[q * n + p];
            matrices[i] = a;
        }
        return new ExplicitOperator(n, matrices);
    }

    @ParameterizedTest(name = "dense threshold {0}")
    @ValueSource(ints = {DENSE, CG})
    void iteratingAllocatesNothing(int path) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 6, m = 30, r = 2;
        try (ExplicitOperator op = explicitGaussian(n, m, 1)) {
            double[] z = ReferenceSolve.gaussian(n * r, new SplittableRandom(2)), b = new double[m];
            op.measure(z, z, r, b);
            GaussNewtonSystem system = new GaussNewtonSystem(op, b, r, null);
            double[] x0 = small(n * r, 3);
            try (LevenbergMarquardtStep step = new LevenbergMarquardtStep(system, settings(path, 1e-10))) {
                Runnable run = () -> {
                    system.setPoint(x0);
                    step.start();
                    for (int k = 0; k < 5; k++) step.iterate();
                };
                for (int warm = 0; warm < 3000; warm++) run.run();
                long id = Thread.currentThread().threadId(), bytes = Long.MAX_VALUE;
                for (int window = 0; window < 5 && bytes >= 2048; window++) {
                    long before = threads.getThreadAllocatedBytes(id);
                    for (int rep = 0; rep < 300; rep++) run.run();
                    bytes = threads.getThreadAllocatedBytes(id) - before;
                }
                assertTrue(bytes < 2048, "1500 steps allocated " + bytes + " bytes");
            }
        }
    }
}
