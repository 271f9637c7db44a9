package sod.solver.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sod.testing.Assertions.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sod.SodInputException;
import sod.openblas.ReferenceSolve;
import sod.problems.GaussianSensing;
import sod.problems.Problem;
import sod.testing.JacobiReference;
import sod.testing.Tolerances;

/**
 * The step rules of the second-order local methods on an {@link Iterate}: Levenberg-Marquardt, the Newton
 * trust region with its Hessian map and gauge projection, scaled GD. References: finite differences of
 * the gradient, explicit (dense) matrices, the defining equations.
 */
class LocalRulesTest {
    static Iterate iterate(Problem p, double[] x) {
        Iterate it = new Iterate(p.n(), p.rank(), p.m());
        it.bind(p.operator(), p.b());
        it.set(x);
        return it;
    }

    static double[] gaussian(int size, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = scale * random.nextGaussian();
        return v;
    }

    /** The default settings with this dense threshold; with a fixed forcing term when given (tight: CG as exact as dense). */
    static LevenbergMarquardtSettings lm(int denseMaxUnknowns, double forcing) {
        LevenbergMarquardtSettings d = LevenbergMarquardtSettings.defaults();
        boolean fixed = forcing < d.forcingMin();
        return new LevenbergMarquardtSettings(d.relativeResidualTolerance(), d.gradientTolerance(), d.stepTolerance(),
                d.maxIterations(), d.initialDamping(), denseMaxUnknowns, d.cgMaxIterations(), fixed ? forcing : d.forcingMin(),
                fixed ? forcing : d.forcingMax(), d.preconditioning());
    }

    /** Errors ||X X^T - Z Z^T||_F of the start and after each step, until 1e-13 or {@code steps}. */
    static List<Double> errors(Problem p, StepRule rule, double[] x0, int steps) {
        Iterate it = iterate(p, x0);
        rule.start();
        List<Double> errors = new ArrayList<>(List.of(LevenbergMarquardtTest.error(it.x(), p.truth(), p.n(), p.rank())));
        for (int k = 0; k < steps && errors.getLast() > 1e-13; k++) {
            assertTrue(rule.step(it));
            errors.add(LevenbergMarquardtTest.error(it.x(), p.truth(), p.n(), p.rank()));
        }
        return errors;
    }

    @ParameterizedTest(name = "dense threshold {0}")
    @ValueSource(ints = {Integer.MAX_VALUE, 0})
    void levenbergMarquardtAndTrustRegionConvergeQuadraticallyAndGradientDescentDoesNot(int denseMaxUnknowns) {
        int n = 10, r = 2;
        try (Problem p = GaussianSensing.create(n, 120, r, 3, 1, false);
             LevenbergMarquardtRule lm = new LevenbergMarquardtRule(lm(denseMaxUnknowns, 1e-10));
             NewtonTrustRegion tr = new NewtonTrustRegion(500)) {
            double[] x0 = LevenbergMarquardtTest.near(p.truth(), 0.05, 1);
            List<Double> lmErrors = errors(p, lm, x0, 30), trErrors = errors(p, tr, x0, 30);
            for (List<Double> e : List.of(lmErrors, trErrors)) {
                assertTrue(e.size() >= 4 && e.getLast() < 1e-12, "converged to rounding in a few steps: " + e);
                assertTrue(LevenbergMarquardtTest.worstQuadraticRatio(e) < 5, "e_{k+1}/e_k^2 bounded: " + e);
            }
            assertEquals(denseMaxUnknowns > 0, lm.usesDensePath());
            // GD with step 1/lambda_max(J^T J) at the solution, from the same start: linear, its ratio grows like 1/e_k
            GaussNewtonSystem system = new GaussNewtonSystem(p.operator(), p.b(), r, null);
            system.setPoint(p.truth());
            double[] dense = new double[n * r * n * r];
            system.dense(dense);
            double step = 1 / JacobiReference.eigenvalues(dense, n * r)[n * r - 1];
            List<Double> gd = errors(p, new FixedStep(step), x0, 300);
            assertTrue(gd.getLast() < gd.getFirst(), "GD converges, slowly");
            assertTrue(LevenbergMarquardtTest.worstQuadraticRatio(gd) > 1000 * LevenbergMarquardtTest.worstQuadraticRatio(lmErrors),
                    "GD's ratio grows: " + LevenbergMarquardtTest.worstQuadraticRatio(gd));
        }
    }

    @Test
    void denseAndMatrixFreeLevenbergMarquardtStepsAgree() {
        int n = 8, r = 3;
        try (Problem p = GaussianSensing.create(n, 80, r, 2, 1, false);
             LevenbergMarquardtRule dense = new LevenbergMarquardtRule(lm(Integer.MAX_VALUE, 1e-10));
             LevenbergMarquardtRule free = new LevenbergMarquardtRule(lm(0, 1e-14))) {
            double[] x0 = gaussian(n * r, 0.3, 5);
            Iterate a = iterate(p, x0), b = iterate(p, x0);
            double rounding = 1e-20 * a.h(); // h falls to the rounding of its evaluation in the last steps
            dense.start();
            free.start();
            for (int k = 0; k < 6; k++) {
                dense.step(a);
                free.step(b);
                assertClose(a.x(), b.x(), 1e-9, "step " + k);
                assertClose(a.h(), b.h(), 1e-9, rounding, "h after step " + k);
            }
            assertTrue(dense.usesDensePath() && !free.usesDensePath());
            assertTrue(free.linearIterations() > 0 && dense.linearIterations() == 0);
        }
    }

    /** The damping belongs to the point the rule left: moved elsewhere, the rule acts as a fresh one. */
    @Test
    void theDampingStartsAfreshWhereTheIterateWasMoved() {
        int n = 6, r = 2;
        try (Problem p = GaussianSensing.create(n, 60, r, 4, 1, false);
             LevenbergMarquardtRule used = new LevenbergMarquardtRule(lm(Integer.MAX_VALUE, 1e-10));
             LevenbergMarquardtRule fresh = new LevenbergMarquardtRule(lm(Integer.MAX_VALUE, 1e-10))) {
            Iterate a = iterate(p, gaussian(n * r, 0.5, 1));
            used.start();
            for (int k = 0; k < 4; k++) used.step(a);
            // continuing from where it left: its own damping, not a fresh rule's
            double[] here = a.x().clone();
            Iterate b = iterate(p, here);
            fresh.start();
            fresh.step(b);
            used.step(a);
            assertFalse(java.util.Arrays.equals(a.x(), b.x()), "the damping carries over along the rule's own path");
            assertTrue(used.lastDamping() < fresh.lastDamping(), "successful steps lowered it: " + used.lastDamping()
                    + " vs a fresh " + fresh.lastDamping());
            // moved elsewhere (an escape, a probe): exactly a fresh rule's step
            double[] elsewhere = gaussian(n * r, 0.5, 9);
            a.set(elsewhere);
            Iterate c = iterate(p, elsewhere);
            fresh.start();
            used.step(a);
            fresh.step(c);
            assertArrayEquals(c.x(), a.x());
        }
    }

    @ParameterizedTest(name = "r = {0}")
    @ValueSource(ints = {1, 2, 3})
    void hessianProductsMatchFiniteDifferencesOfTheGradientOnHorizontalDirections(int r) {
        int n = 6;
        try (Problem p = GaussianSensing.create(n, 40, r, 7, 1, false); FactorHessian hessian = new FactorHessian(n, r, 40)) {
            double[] x = gaussian(n * r, 0.6, 2);
            Iterate it = iterate(p, x), shifted = iterate(p, x);
            hessian.at(it);
            double[] d = gaussian(n * r, 1, 3);
            hessian.horizontal(d);
            double[] hd = new double[n * r];
            hessian.apply(d, hd);
            double eps = 1e-5;
            double[] plus = new double[n * r], fd = new double[n * r];
            for (int e = 0; e < n * r; e++) plus[e] = x[e] + eps * d[e];
            shifted.set(plus);
            double[] gPlus = shifted.gradient().clone();
            for (int e = 0; e < n * r; e++) plus[e] = x[e] - eps * d[e];
            shifted.set(plus);
            for (int e = 0; e < n * r; e++) fd[e] = (gPlus[e] - shifted.gradient()[e]) / (2 * eps);
            hessian.horizontal(fd);
            assertClose(fd, hd, Tolerances.FINITE_DIFFERENCE, "P H D against central differences of the gradient");
        }
    }

    @Test
    void theGaugeProjectionIsOntoTheHorizontalSpaceAlongTheGaugeDirections() {
        int n = 7, r = 3;
        double[] x = gaussian(n * r, 1, 4), d = gaussian(n * r, 1, 5);
        try (GaugeProjection projection = new GaugeProjection(n, r)) {
            projection.at(x);
            double[] pd = d.clone();
            projection.project(pd);
            // horizontal: X^T (P D) symmetric
            double[] xtpd = product(x, pd, n, r);
            for (int a = 0; a < r; a++)
                for (int c = 0; c < r; c++) assertEquals(xtpd[a * r + c], xtpd[c * r + a], 1e-12 * norm(xtpd), "X^T P D symmetric");
            // the removed part is X Omega with Omega = (X^T X)^{-1} X^T (D - P D) skew, and orthogonal to P D
            double[] removed = new double[n * r];
            for (int e = 0; e < n * r; e++) removed[e] = d[e] - pd[e];
            double[] gram = product(x, x, n, r), xtr = product(x, removed, n, r), omega = new double[r * r];
            for (int c = 0; c < r; c++) {
                double[] column = new double[r];
                for (int a = 0; a < r; a++) column[a] = xtr[a * r + c];
                double[] solved = ReferenceSolve.solve(gram, r, column);
                for (int a = 0; a < r; a++) omega[a * r + c] = solved[a];
            }
            for (int a = 0; a < r; a++)
                for (int c = 0; c < r; c++) assertEquals(-omega[c * r + a], omega[a * r + c], 1e-10, "Omega skew");
            double[] rebuilt = new double[n * r];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < r; c++)
                    for (int a = 0; a < r; a++) rebuilt[i * r + c] += x[i * r + a] * omega[a * r + c];
            assertClose(removed, rebuilt, 1e-10, "D - P D = X Omega");
            assertEquals(0, ReferenceSolve.dot(removed, pd), 1e-12 * norm(d) * norm(d), "orthogonal");
            double[] twice = pd.clone();
            projection.project(twice);
            assertClose(pd, twice, 1e-12, "idempotent");
        }
    }

    /** X^T Y (r x r) for n x r X, Y. */
    private static double[] product(double[] x, double[] y, int n, int r) {
        double[] out = new double[r * r];
        for (int a = 0; a < r; a++)
            for (int c = 0; c < r; c++)
                for (int i = 0; i < n; i++) out[a * r + c] += x[i * r + a] * y[i * r + c];
        return out;
    }

    private static double norm(double[] v) {
        return ReferenceSolve.norm(v);
    }

    /** Every accepted trust-region step lies within the radius it was solved in and decreases the model and h. */
    @Test
    void trustRegionStepsStayWithinTheRadiusAndDecreaseTheModel() {
        int n = 8, r = 2, size = n * r;
        try (Problem p = GaussianSensing.create(n, 60, r, 5, 1, false); NewtonTrustRegion tr = new NewtonTrustRegion(500)) {
            Iterate it = iterate(p, gaussian(size, 0.05, 6)), probe = iterate(p, new double[size]);
            tr.start();
            int boundary = 0;
            for (int k = 0; k < 25 && it.h() > 1e-20; k++) {
                double[] before = it.x().clone(), g = it.gradient().clone();
                double h = it.h();
                double[] hessian = finiteDifferenceHessian(probe, before, size);
                tr.step(it);
                double[] d = new double[size];
                for (int e = 0; e < size; e++) d[e] = it.x()[e] - before[e];
                if (norm(d) == 0) continue;
                assertTrue(norm(d) <= tr.lastTrialRadius() * (1 + 1e-12), "step " + norm(d) + " within " + tr.lastTrialRadius());
                double model = ReferenceSolve.dot(g, d) + 0.5 * ReferenceSolve.dot(d, ReferenceSolve.times(hessian, size, d));
                assertTrue(model < 0, "the model decreases: " + model);
                assertClose(-model, tr.lastOutcome().modelDecrease(), 1e-4, 1e-12 * h, "predicted decrease at step " + k);
                assertTrue(it.h() < h, "h decreases");
                if (tr.lastOutcome().hitBoundary()) boundary++;
            }
            assertTrue(boundary > 0, "some steps were cut at the boundary (the start is near the saddle at 0)");
            assertTrue(it.h() <= 1e-20 * 0.5 * ReferenceSolve.dot(p.b(), p.b()), "converged: h = " + it.h());
        }
    }

    /** The Hessian of h at x by central differences of the gradient, column by column (symmetrised). */
    static double[] finiteDifferenceHessian(Iterate probe, double[] x, int size) {
        double[] hessian = new double[size * size], shifted = x.clone();
        double eps = 1e-5;
        for (int j = 0; j < size; j++) {
            shifted[j] = x[j] + eps;
            probe.set(shifted);
            double[] plus = probe.gradient().clone();
            shifted[j] = x[j] - eps;
            probe.set(shifted);
            for (int i = 0; i < size; i++) hessian[i * size + j] = (plus[i] - probe.gradient()[i]) / (2 * eps);
            shifted[j] = x[j];
        }
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) {
                double mean = 0.5 * (hessian[i * size + j] + hessian[j * size + i]);
                hessian[i * size + j] = mean;
                hessian[j * size + i] = mean;
            }
        return hessian;
    }

    @Test
    void theScaledStepIsTheGradientTimesTheInverseGram() {
        int n = 10, r = 3, size = n * r;
        try (Problem p = GaussianSensing.create(n, 90, r, 8, 1, false)) {
            double[] x = gaussian(size, 0.4, 3);
            Iterate it = iterate(p, x);
            double[] g = it.gradient().clone();
            ScaledGradientStep rule = new ScaledGradientStep();
            rule.start();
            rule.step(it);
            // (X - X') X^T X = s grad for the accepted step length s
            double[] d = new double[size];
            for (int e = 0; e < size; e++) d[e] = x[e] - it.x()[e];
            double[] gram = product(x, x, n, r), dg = new double[size];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < r; c++)
                    for (int a = 0; a < r; a++) dg[i * r + c] += d[i * r + a] * gram[a * r + c];
            double s = ReferenceSolve.dot(dg, g) / ReferenceSolve.dot(g, g);
            assertTrue(s > 0, "a descent step");
            double[] sg = g.clone();
            for (int e = 0; e < size; e++) sg[e] *= s;
            assertClose(sg, dg, 1e-9, "(X - X') X^T X parallel to the gradient");
        }
    }

    /** Steps of every rule allocate nothing once their workspace exists, in a fresh JVM (see {@link sod.testing.FreshJvm} why). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lm-dense", "lm-cg", "trust-region", "scaled-gd"})
    void stepsAllocateNothing(String rule) throws Exception {
        long bytes = Long.parseLong(sod.testing.FreshJvm.run(StepAllocationProbe.class, rule));
        assertTrue(bytes < 2048, rule + ": 1500 steps allocated " + bytes + " bytes");
    }

    @Test
    void badSettingsGetOneLine() {
        String tr = assertThrows(SodInputException.class, () -> new NewtonTrustRegion(0)).getMessage();
        assertTrue(tr.contains("CG budget") && !tr.contains("\n"), tr);
        assertThrows(SodInputException.class, () -> new LevenbergMarquardtRule(null));
    }
}
