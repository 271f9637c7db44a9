package sod.solver;

import sod.testing.JacobiReference;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import sod.problems.Counterexample;
import sod.problems.Pmc;
import sod.problems.Problem;
import sod.solver.Escape.Kind;
import sod.solver.Result.Status;
import sod.solver.SolverConfig.EscapeMode;
import sod.solver.SolverConfig.Method;

class SolverBehaviourTest {

    @Test
    void distanceIsTheFrobeniusDistanceToTheTruth() {
        int n = 6, r = 2;
        SplittableRandom rnd = new SplittableRandom(1);
        double[] z = new double[n * r], x = new double[n * r];
        for (int i = 0; i < n * r; i++) {
            z[i] = rnd.nextGaussian();
            x[i] = rnd.nextGaussian();
        }
        Problem p = DenseTestOperator.problem("g", QuarticTest.gaussian(n, 10, 2), z, r);
        try (Solver s = new Solver(SolverConfig.builder().method(Method.GD).maxIterations(0).build())) {
            Result res = s.solve(p, x);
            double direct = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double e = 0;
                    for (int c = 0; c < r; c++) e += x[i * r + c] * x[j * r + c] - z[i * r + c] * z[j * r + c];
                    direct += e * e;
                }
            assertEquals(Math.sqrt(direct), res.distance(), 1e-10);
            assertEquals(DenseTestOperator.h(p, x), res.h(), 1e-12);
        }
    }

    static void assertSameRun(Result a, Result b) {
        assertArrayEquals(a.x(), b.x());
        assertEquals(a.h(), b.h());
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.status(), b.status());
        assertEquals(a.escapes().size(), b.escapes().size());
        for (int i = 0; i < a.escapes().size(); i++) {
            Escape e = a.escapes().get(i), f = b.escapes().get(i);
            assertEquals(e.iteration(), f.iteration());
            assertEquals(e.kind(), f.kind());
            assertEquals(e.hAfter(), f.hAfter());
            assertEquals(e.lambdaMin(), f.lambdaMin());
            assertEquals(e.t(), f.t());
        }
    }

    @Test
    void sameSeedGivesBitwiseIdenticalRunsAndEscapesNeverIncreaseH() {
        for (EscapeMode mode : EscapeMode.values()) {
            try (Problem p = Pmc.create(40, 0.10, 1);
                 Solver s = new Solver(SolverConfig.builder().escapeMode(mode).build())) {
                int escapes = 0;
                for (int seed = 0; seed < 6; seed++) {
                    SolverConfig c = s.config();
                    Result a = new Solver(c.withSeed(seed)).solve(p);
                    Result b = new Solver(c.withSeed(seed)).solve(p);
                    assertSameRun(a, b);
                    for (Escape e : a.escapes()) {
                        assertTrue(e.hAfter() <= e.hBefore(), e.toString());
                        if (e.kind().accepted()) assertTrue(e.hAfter() < e.hBefore(), e.toString());
                        escapes++;
                    }
                    assertEquals(Status.CONVERGED, a.status(), mode + " seed " + seed + ": " + a.message());
                    assertTrue(a.relativeDistance() < 1e-9, "converged to the truth: " + a.relativeDistance());
                }
                assertTrue(escapes > 0, "PMC(40, 0.10) should need escapes");
            }
        }
    }

    @Test
    void resumingFromTheGdStallCheckpointEqualsARunFromScratch() {
        try (Problem p = Pmc.create(40, 0.10, 1);
             Solver gd = new Solver(SolverConfig.builder().method(Method.GD).build());
             Solver sod = new Solver(SolverConfig.defaults())) {
            for (int seed = 0; seed < 4; seed++) {
                double[] x0 = new double[40];
                Solver.initialPoint(0.7, seed, x0, 40);
                gd.solve(p, x0);
                Solver.Checkpoint cp = gd.firstStall();
                assertNotNull(cp);
                Result resumed = sod.resume(p, cp, null);
                Result scratch = sod.solve(p, x0);
                assertSameRun(scratch, resumed);
                assertEquals(cp.iteration(), scratch.escapes().get(0).iteration());
            }
        }
    }

    @Test
    void certifiedSingleStepDecreasesH() {
        // near zero on a Gaussian problem lambda_n(G) ~ -lambda_max(A* b) while sigma_r is tiny: EFS >> 1
        int n = 6;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] z = new double[n], x = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = rnd.nextGaussian();
            x[i] = 0.01 * rnd.nextGaussian();
        }
        Problem p = DenseTestOperator.problem("g", QuarticTest.gaussian(n, 40, 9), z, 1);
        try (Solver s = new Solver(WorkedExamplesTest.escapeAtStart().gradientTolerance(1e6).build())) {
            Result res = s.solve(p, x);
            Escape e = res.escapes().get(0);
            assertTrue(e.efs() > 1, e.toString());
            assertTrue(e.aic() > 0, "d != 0 here");
            assertEquals(Kind.SINGLE, e.kind());
            assertTrue(e.hAfter() < e.hBefore());
            assertEquals(DenseTestOperator.h(p, res.x()), e.hAfter(), 1e-12);
            assertEquals(DenseTestOperator.h(p, x), e.hBefore(), 1e-12);
        }
    }

    @Test
    void noNegativeCurvatureIsReportedAndNothingMoves() {
        // counterexample at (2, 0): G = 3 A_1 = diag(3, 1.5), lambda_n = 1.5 >= 0
        try (Problem p = Counterexample.create(); Solver s = new Solver(WorkedExamplesTest.escapeAtStart()
                .gradientTolerance(100).delta(0.5).build())) {
            Result res = s.solve(p, new double[] {2, 0});
            Escape e = res.escapes().get(0);
            assertEquals(Kind.NONE_NO_NEGATIVE_CURVATURE, e.kind());
            assertEquals(1.5, e.lambdaMin(), 1e-12);
            assertArrayEquals(new double[] {2, 0}, res.x());
            assertEquals(Status.STATIONARY, res.status());
            assertFalse(res.success());
            assertFalse(res.message().isEmpty());
        }
    }

    @Test
    void divergenceStopsWithAFiniteIterateAndSuggestsASmallerStep() {
        try (Problem p = Pmc.create(40, 0.15, 1); Solver s = new Solver(SolverConfig.builder().step(5).build())) {
            Result res = s.solve(p);
            assertEquals(Status.DIVERGED, res.status());
            for (double v : res.x()) assertTrue(Double.isFinite(v));
            assertTrue(Double.isFinite(res.h()));
            assertTrue(res.message().contains("0.5"), res.message());
        }
    }

    @Test
    void armijoBacktrackingSurvivesAHugeStep() {
        try (Problem p = Pmc.create(20, 0.15, 1);
             Solver s = new Solver(SolverConfig.builder().method(Method.GD).step(5)
                     .stepRule(SolverConfig.StepRule.ARMIJO).maxIterations(5000).build())) {
            Result res = s.solve(p);
            assertNotEquals(Status.DIVERGED, res.status());
            assertTrue(res.h() < DenseTestOperator.h(p, initial(20, 0.7, 0)) / 10);
        }
    }

    static double[] initial(int len, double scale, long seed) {
        double[] x = new double[len];
        Solver.initialPoint(scale, seed, x, len);
        return x;
    }

    @Test
    void rankTwoEscapeReplacesExactlyOneSingularComponent() {
        int n = 6, r = 2;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] z = new double[n * r], x = new double[n * r];
        for (int i = 0; i < n * r; i++) z[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) {
            x[i * r] = rnd.nextGaussian(); // strong column
            x[i * r + 1] = 0.05 * rnd.nextGaussian(); // weak column
        }
        Problem p = DenseTestOperator.problem("g", QuarticTest.gaussian(n, 40, 4), z, r);
        // right singular vectors of X from the reference eigensolver of X^T X
        double[] gram = new double[4];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < r; a++)
                for (int b = 0; b < r; b++) gram[a * r + b] += x[i * r + a] * x[i * r + b];
        double[] vals = new double[2], vecs = new double[4];
        JacobiReference.decompose(gram, 2, vals, vecs);
        for (EscapeMode mode : EscapeMode.values()) {
            try (Solver s = new Solver(WorkedExamplesTest.escapeAtStart().gradientTolerance(1e6).escapeMode(mode).build())) {
                Result res = s.solve(p, x);
                Escape e = res.escapes().get(0);
                assertTrue(e.kind().accepted(), e.toString());
                assertEquals(Math.sqrt(vals[0]), e.sigmaR(), 1e-9);
                int unchanged = 0;
                for (int c = 0; c < r; c++) {
                    double[] q = {vecs[c], vecs[2 + c]};
                    double change = 0;
                    for (int i = 0; i < n; i++) {
                        double before = x[i * r] * q[0] + x[i * r + 1] * q[1];
                        double after = res.x()[i * r] * q[0] + res.x()[i * r + 1] * q[1];
                        change = Math.max(change, Math.abs(after - before));
                    }
                    if (change < 1e-12) unchanged++;
                }
                assertEquals(r - 1, unchanged, mode + ": one singular component is replaced, the others stay");
            }
        }
    }

    @Test
    void rankDeficientPointStepsAlongTheNullDirection() {
        int n = 6, r = 2;
        SplittableRandom rnd = new SplittableRandom(8);
        double[] z = new double[n * r], x = new double[n * r];
        for (int i = 0; i < n * r; i++) z[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) x[i * r] = rnd.nextGaussian(); // second column zero
        Problem p = DenseTestOperator.problem("g", QuarticTest.gaussian(n, 40, 4), z, r);
        try (Solver s = new Solver(WorkedExamplesTest.escapeAtStart().gradientTolerance(1e6).build())) {
            Result res = s.solve(p, x);
            Escape e = res.escapes().get(0);
            assertEquals(Kind.SINGLE, e.kind());
            assertEquals(0, e.sigmaR());
            assertTrue(e.hAfter() < e.hBefore());
            for (int i = 0; i < n; i++) assertEquals(x[i * r], res.x()[i * r], 1e-15);
        }
    }

    @Test
    void listenerSeesEveryIterationAndEscape() {
        int[] calls = new int[2];
        int[] lastIter = {-1};
        try (Problem p = Counterexample.create();
             Solver s = new Solver(SolverConfig.builder().delta(0.5).step(0.05).build())) {
            Result res = s.solve(p, Counterexample.SPURIOUS_POINT.clone(), new Listener() {
                public void onIteration(int iter, double h, double g, double d) {
                    calls[0]++;
                    assertTrue(iter >= lastIter[0]);
                    lastIter[0] = iter;
                }

                public void onEscape(Escape e) {
                    calls[1]++;
                }
            });
            assertEquals(res.escapes().size(), calls[1]);
            assertTrue(calls[0] > 0);
            assertEquals(res.iterations(), lastIter[0]);
        }
        try (Problem p = Pmc.create(20, 0.15, 1)) {
            Result res = new Solver(SolverConfig.builder().method(Method.GD).maxIterations(500).build()).solve(p);
            assertTrue(res.latencyP50Nanos() > 0 && res.latencyP99Nanos() >= res.latencyP50Nanos());
            assertTrue(res.gdSeconds() > 0 && res.gdSeconds() <= res.totalSeconds());
        }
    }

    /** In a fresh JVM (see {@link sod.testing.FreshJvm} why): 1850 more GD iterations allocate nothing more. */
    @Test
    void gradientDescentIterationsDoNotAllocate() throws Exception {
        long perRunDifference = Long.parseLong(sod.testing.FreshJvm.run(GdAllocationProbe.class));
        // only the one-off stall checkpoint (n doubles) may differ
        assertTrue(Math.abs(perRunDifference) < 4096, "allocated " + perRunDifference + " more bytes in the longer run");
    }

    @Test
    void budgetsStopTheRun() {
        try (Problem p = Pmc.create(40, 0.10, 1)) {
            Result it = new Solver(SolverConfig.builder().method(Method.GD).maxIterations(10).build()).solve(p);
            assertEquals(Status.ITERATION_BUDGET, it.status());
            assertEquals(10, it.iterations());
            Result time = new Solver(SolverConfig.builder().method(Method.GD).maxIterations(Integer.MAX_VALUE)
                    .gradientTolerance(0).decreaseTolerance(0).residualTolerance(0).timeBudgetSeconds(0.05).build()).solve(p);
            assertEquals(Status.TIME_BUDGET, time.status());
            assertTrue(time.totalSeconds() < 1);
        }
    }

    @Test
    void baselinesRun() {
        try (Problem p = Pmc.create(40, 0.10, 1)) {
            Result pgd = new Solver(SolverConfig.builder().method(Method.PGD).pgd(0.1, 1e-3, 200).build()).solve(p);
            assertNotEquals(Status.DIVERGED, pgd.status());
            assertTrue(pgd.escapes().stream().allMatch(e -> e.kind() == Kind.PERTURBATION));
            assertTrue(pgd.escapes().size() >= 1, "PGD should perturb at the stall");
            Result sgd = new Solver(SolverConfig.builder().method(Method.SGD).sgdBatch(400).step(0.002).build()).solve(p);
            double h0 = DenseTestOperator.h(p, initial(40, 0.7, 0));
            assertTrue(sgd.h() < h0 / 10, "SGD should make progress: " + sgd.h() + " vs " + h0);
            Result sgd2 = new Solver(SolverConfig.builder().method(Method.SGD).sgdBatch(400).step(0.002).build()).solve(p);
            assertArrayEquals(sgd.x(), sgd2.x());
        }
    }

    @Test
    void realAndReferenceOperatorsAgreeOnTheEscape() {
        double a = Math.sqrt(0.91 / 1.09);
        double[] xhat = {-a, 0, a};
        try (Problem real = Pmc.create(3, 0.3, 1); Problem ref = DenseTestOperator.pmc(3, 0.3)) {
            SolverConfig c = WorkedExamplesTest.escapeAtStart().tGrid(1, 59000, 59000).build();
            Escape e1 = new Solver(c).solve(real, xhat).escapes().get(0);
            Escape e2 = new Solver(c).solve(ref, xhat).escapes().get(0);
            assertEquals(e2.lambdaMin(), e1.lambdaMin(), 1e-12);
            assertEquals(e2.efs(), e1.efs(), 1e-9);
            assertEquals(e2.hAfter(), e1.hAfter(), 1e-12);
            assertEquals(Kind.GAMMA, e1.kind());
        }
    }

    @Test
    void lineSearchModeEscapesTheWorkedExamples() {
        try (Problem p = Counterexample.create(); Solver s = new Solver(SolverConfig.builder().delta(0.5).step(0.05)
                .escapeMode(EscapeMode.LINE_SEARCH).build())) {
            Result res = s.solve(p, Counterexample.SPURIOUS_POINT.clone());
            assertEquals(Status.CONVERGED, res.status(), res.toString());
            assertEquals(Kind.LINE_SEARCH, res.escapes().get(0).kind());
        }
        double a = Math.sqrt(0.91 / 1.09);
        try (Problem p = Pmc.create(3, 0.3, 1); Solver s = new Solver(SolverConfig.builder().step(0.05)
                .escapeMode(EscapeMode.LINE_SEARCH).build())) {
            Result res = s.solve(p, new double[] {-a, 0, a});
            assertEquals(Status.CONVERGED, res.status(), res.toString());
        }
    }

    @Test
    void ripEstimateIsBelowTheKnownConstant() {
        try (Problem p = Counterexample.create()) {
            double d = RipEstimate.estimate(p.operator(), 5000, 0);
            assertTrue(d <= 0.5 + 1e-12, "n = 2: every symmetric matrix has rank <= 2, so delta <= 1/2; got " + d);
            assertTrue(d > 0.4, "5000 samples should come close to 1/2; got " + d);
            assertEquals(d, RipEstimate.estimate(p.operator(), 5000, 0));
        }
        try (Problem p = Pmc.create(10, 0.3, 1)) {
            double d = RipEstimate.estimate(p.operator(), 2000, 1);
            assertTrue(d > 0.5 && d < 1 - 0.09 + 1e-12, "PMC weights in [0.3, 1]: 1 - delta >= 0.09; got " + d);
        }
    }
}
