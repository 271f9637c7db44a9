package sod.solver;

import sod.testing.JacobiReference;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import sod.problems.Problem;
import sod.solver.Escape.Kind;
import sod.solver.Result.Status;

/** The worked numbers of spec section 6. */
class WorkedExamplesTest {

    static final double[] COUNTER_SPURIOUS = {0, Math.sqrt(0.5)};

    /** A config that attempts exactly one escape at iteration 0 and then stops (its second stall finds no attempts left). */
    static SolverConfig.Builder escapeAtStart() {
        return SolverConfig.builder().gradientTolerance(10).maxIterations(1).maxEscapes(1).probeSteps(0)
                .normWindow(1e-3, 1e3);
    }

    @Test
    void counterexampleQuantitiesAtTheSpuriousPoint() {
        try (Problem p = DenseTestOperator.counterexample();
             Solver s = new Solver(escapeAtStart().delta(0.5).liftOrder(3).rho(0.1).eta(0.01).tGrid(1, 660, 660).build())) {
            Result res = s.solve(p, COUNTER_SPURIOUS);
            Escape e = res.escapes().get(0);
            assertEquals(-0.75, e.lambdaMin(), 1e-12);
            assertEquals(Math.sqrt(0.5), e.sigmaR(), 1e-12);
            assertEquals(1.0, e.efs(), 1e-9);
            assertEquals(0.0, e.aic(), 1e-15); // d = 0
            assertEquals(Kind.BETA, e.kind());
            assertEquals(660, e.t());
            assertEquals(1.1736, e.scale(), 5e-5);
            assertEquals(1.1736, Math.abs(res.x()[0]), 5e-5);
            assertEquals(0, res.x()[1], 1e-12);
            assertTrue(e.hAfter() < e.hBefore());
            assertEquals(0.375, e.hBefore(), 1e-12);
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, e.verdict());
        }
    }

    @Test
    void escapeRecordsCarryTheVerdictOfTheStalledPointUnlessDisabled() {
        try (Problem p = DenseTestOperator.counterexample();
             Solver s = new Solver(escapeAtStart().delta(0.5).build());
             Solver off = new Solver(escapeAtStart().delta(0.5).classifyStalls(false).build())) {
            // X = (0.3, 0.2) is not a critical point; the (huge) gradient tolerance makes it count as a stall.
            assertEquals(StationaryPointAnalysis.Verdict.NOT_STATIONARY, s.solve(p, new double[] {0.3, 0.2}).escapes().get(0).verdict());
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, s.solve(p, COUNTER_SPURIOUS).escapes().get(0).verdict());
            assertNull(off.solve(p, COUNTER_SPURIOUS).escapes().get(0).verdict());
        }
    }

    @Test
    void counterexampleClosedFormNorms() {
        // C = H(P) Xhat = sqrt(3) A_2 (0, 1/sqrt 2) = (1.5/sqrt 2, 0)
        LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
        double sigma = Math.sqrt(0.5);
        LiftedClosedForm.evaluate(-0.75, sigma, sigma, 1.5 * sigma, 3, 0.1, 0.01, 660, t);
        assertEquals(0.354, Math.exp(t.logA), 5e-4);
        assertEquals(1.616, Math.exp(t.logB), 5e-4);
        assertEquals(0.379, Math.exp(t.logC), 5e-4);
        assertEquals(LiftedClosedForm.Dominant.BETA, t.dominant);
        assertEquals(1.1736, t.coefficient(), 5e-5);
    }

    @Test
    void counterexampleRecoversFromTheSpuriousPoint() {
        try (Problem p = DenseTestOperator.counterexample();
             Solver s = new Solver(SolverConfig.builder().delta(0.5).liftOrder(3).rho(0.1).eta(0.01)
                     .step(0.05).maxIterations(5000).build())) {
            Result res = s.solve(p, COUNTER_SPURIOUS);
            assertEquals(Status.CONVERGED, res.status(), res.toString());
            assertEquals(1, Math.abs(res.x()[0]), 0.03);
            assertTrue(res.acceptedEscapes() >= 1);
        }
        // and plain GD from the paper's beta point (1.1736, 0) reaches (1, 0)
        try (Problem p = DenseTestOperator.counterexample();
             Solver s = new Solver(SolverConfig.builder().method(SolverConfig.Method.GD).step(0.05)
                     .maxIterations(5000).targetDistance(1e-6).build())) {
            Result res = s.solve(p, new double[] {1.1736, 0});
            assertEquals(Status.TARGET_REACHED, res.status());
            assertEquals(1, res.x()[0], 1e-6);
        }
    }

    @Test
    void pmc3GradientDescentFindsTheSpuriousPoint() {
        try (Problem p = DenseTestOperator.pmc(3, 0.3);
             Solver s = new Solver(SolverConfig.builder().method(SolverConfig.Method.GD).step(0.05)
                     .maxIterations(20000).gradientTolerance(1e-12).build())) {
            Result res = s.solve(p, new double[] {-1, 0.05, 1.2});
            assertEquals(Status.STATIONARY, res.status());
            assertEquals(StationaryPointAnalysis.Verdict.SPURIOUS_SECOND_ORDER, res.verdict(), res.message());
            double a = Math.sqrt(0.91 / 1.09); // closed form of the symmetric spurious point
            assertEquals(-a, res.x()[0], 1e-6);
            assertEquals(0, res.x()[1], 1e-6);
            assertEquals(a, res.x()[2], 1e-6);
            assertEquals(0.330, res.h(), 5e-4);
        }
    }

    @Test
    void pmc3QuantitiesAndGammaEscape() {
        double[] xhat = {-0.9134, 0, 0.9139};
        try (Problem p = DenseTestOperator.pmc(3, 0.3);
             Solver s = new Solver(escapeAtStart().liftOrder(11).rho(0.3).eta(0.01).tGrid(1, 59000, 59000).build())) {
            Result res = s.solve(p, xhat);
            Escape e = res.escapes().get(0);
            assertEquals(-0.330, e.lambdaMin(), 1e-3);
            assertEquals(1.292, e.sigmaR(), 1e-3);
            assertEquals(0.106, e.efs(), 0.006, "EFS with the Monte-Carlo delta " + e.delta());
            assertEquals(Kind.GAMMA, e.kind());
            double[] x = res.x();
            double sign = Math.signum(x[0]);
            assertEquals(1.0075, sign * x[0], 2e-3);
            assertEquals(0, x[1], 1e-9);
            assertEquals(1.0057, sign * x[2], 2e-3);
            // the three norms, with C = H(P) Xhat computed independently (H(P) = W^2 o P here)
            double[] c = independentC(p, xhat);
            double normC = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
            LiftedClosedForm.Terms t = new LiftedClosedForm.Terms();
            LiftedClosedForm.evaluate(e.lambdaMin(), e.sigmaR(), e.sigmaR(), normC, 11, 0.3, 0.01, 59000, t);
            assertEquals(16.77, Math.exp(t.logA), 0.05);
            assertEquals(0.301, Math.exp(t.logB), 5e-4);
            assertEquals(48.66, Math.exp(t.logC), 0.3);
        }
    }

    /** C = A*(A(P)) X with u from the Jacobi reference, straight from the A_i. */
    static double[] independentC(Problem p, double[] x) {
        DenseTestOperator op = (DenseTestOperator) p.operator();
        int n = p.n();
        double[] res = new double[p.m()];
        op.measure(x, x, 1, res);
        for (int i = 0; i < res.length; i++) res[i] -= p.b()[i];
        double[] g = new double[n * n];
        op.adjoint(res, g);
        double[] vals = new double[n], vecs = new double[n * n];
        JacobiReference.decompose(g, n, vals, vecs);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = vecs[i * n];
        double sigma = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        double[] pm = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) pm[i * n + j] = u[i] * x[j] / sigma + x[i] / sigma * u[j];
        double[] ap = new double[p.m()];
        for (int t = 0; t < p.m(); t++) {
            double s = 0;
            for (int k = 0; k < n * n; k++) s += op.a[t][k] * pm[k];
            ap[t] = s;
        }
        double[] c = new double[n];
        op.adjointTimes(ap, x, 1, c);
        return c;
    }

    @Test
    void pmc3SolverRecoversTheTruth() {
        double a = Math.sqrt(0.91 / 1.09);
        try (Problem p = DenseTestOperator.pmc(3, 0.3); Solver s = new Solver(SolverConfig.builder().step(0.05).build())) {
            Result res = s.solve(p, new double[] {-a, 0, a});
            assertEquals(Status.CONVERGED, res.status(), res.toString());
            assertTrue(res.distance() < 0.05);
            assertTrue(res.acceptedEscapes() >= 1);
            for (Escape e : res.escapes()) assertTrue(e.hAfter() <= e.hBefore());
        }
    }
}
